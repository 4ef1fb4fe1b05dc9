using Torture.Campaign;
using Torture.Coyote;
using Torture.Reports;
using Torture.Systematic;

namespace Torture.Cli;

/// <summary>
/// torture replay FILE: rerun a schedule strictly (or a Coyote trace under Coyote's engine) and print
/// the readable trace; exit 1 when it reproduces a bug.
/// </summary>
public static class ReplayCommand
{
    internal static readonly Dictionary<string, OptionKind> Options = new() { ["--no-fingerprint-check"] = OptionKind.Flag, ["--assembly"] = OptionKind.Repeated };

    public static int Run(IReadOnlyList<string> args, TextWriter console)
    {
        var a = ParsedArgs.Parse("replay", args, Options, maxPositional: 1);
        if (a.Positional.Count != 1) throw new TortureInputException("replay: give the schedule file to replay (torture replay FILE)");
        UserScenarios.Load(a.Names("--assembly"));
        bool checkFingerprint = !a.Has("--no-fingerprint-check");
        if (a.Positional[0].EndsWith(".coyote.trace", StringComparison.Ordinal)) return ReplayCoyote(a.Positional[0], checkFingerprint, console);
        var schedule = Schedule.Load(a.Positional[0]);
        var program = Catalog.ProgramFor(schedule);
        var outcome = Explorer.Replay(program, schedule, checkFingerprint);
        return Report(outcome.Bug, schedule, outcome.Trace, schedule.Bug, console);
    }

    /// <summary>A Coyote trace: the program its sidecar names, replayed by Coyote's engine with our trace on.</summary>
    private static int ReplayCoyote(string path, bool checkFingerprint, TextWriter console)
    {
        var (trace, side) = CoyoteTraceFile.Load(path);
        var named = new Schedule
        {
            Source = path, Program = side.Program, Strategy = side.Strategy, Seed = side.Seed, Faults = side.Faults,
            Fingerprint = side.Fingerprint, Commit = side.Commit, MaxSteps = side.MaxSteps, LockOrder = side.LockOrder, WeakMemory = side.WeakMemory, Decisions = Array.Empty<Decision>(),
        };
        var program = Catalog.ProgramFor(named);
        if (checkFingerprint && side.Fingerprint != program.Fingerprint)
            throw Fingerprints.Mismatch(CoyoteTraceFile.SidecarPath(path), side.Fingerprint, program.Fingerprint, side.Commit);
        var options = new ExplorationOptions { Strategy = side.Strategy.Replace("coyote-", ""), Seed = side.Seed, MaxSteps = side.MaxSteps, LockOrder = side.LockOrder, WeakMemory = side.WeakMemory, Faults = side.Faults };
        if (!CoyoteEngine.StrategyNames.Contains(options.Strategy)) options = options with { Strategy = CoyoteEngine.DefaultStrategy };
        var outcome = CoyoteEngine.Replay(program, options, trace);
        return Report(outcome?.Bug, outcome?.Schedule ?? named, outcome?.Trace ?? Array.Empty<TraceEvent>(), side.Bug, console);
    }

    private static int Report(Bug? bug, Schedule schedule, IReadOnlyList<TraceEvent> trace, string? recorded, TextWriter console)
    {
        if (bug is not null)
        {
            console.Write(TraceWriter.Render(bug, schedule, trace));
            console.WriteLine($"reproduced: {bug}");
            return 1;
        }
        console.Write(TraceEvent.Render(trace));
        console.WriteLine(string.IsNullOrEmpty(recorded)
            ? "replayed: no bug in this schedule"
            : $"NOT reproduced: the file recorded '{recorded}', the replay ran clean");
        return 0;
    }
}
