using Torture.Campaign;
using Torture.Reports;
using Torture.Shrinking;
using Torture.Systematic;

namespace Torture.Cli;

/// <summary>
/// torture minimize FILE: replay a failing schedule, shrink it (a generated program's threads,
/// operations and world, then its preemptions) and write FILE's stem + .min.schedule beside it with
/// the shrunk trace; exit 1 when the bug reproduced (as replay does), 2 when the file is bad input.
/// </summary>
public static class MinimizeCommand
{
    internal static readonly Dictionary<string, OptionKind> Options = new() { ["--shrink-seconds"] = OptionKind.Value, ["--out"] = OptionKind.Value, ["--no-fingerprint-check"] = OptionKind.Flag, ["--assembly"] = OptionKind.Repeated };

    public static int Run(IReadOnlyList<string> args, TextWriter console)
    {
        var a = ParsedArgs.Parse("minimize", args, Options, maxPositional: 1);
        if (a.Positional.Count != 1) throw new TortureInputException("minimize: give the schedule file to shrink (torture minimize FILE)");
        UserScenarios.Load(a.Names("--assembly"));
        var schedule = Schedule.Load(a.Positional[0]);
        var program = Catalog.ProgramFor(schedule);
        var replay = Explorer.Replay(program, schedule, checkFingerprint: !a.Has("--no-fingerprint-check"));
        if (replay.Bug is not { } bug)
            throw new TortureInputException($"{schedule.Source}: the schedule runs clean in this build: there is no failure to shrink");
        var found = new FoundBug { Bug = bug, Schedule = schedule, Trace = replay.Trace, Reproduced = true };
        int seconds = (int)(a.Long("--shrink-seconds", 1, 24 * 3600) ?? 60);
        var s = Shrinker.Shrink(program, found, new ShrinkOptions { Budget = TimeSpan.FromSeconds(seconds), MaxSteps = schedule.MaxSteps, LockOrder = schedule.LockOrder, WeakMemory = schedule.WeakMemory });
        var dir = a.One("--out") ?? Path.GetDirectoryName(Path.GetFullPath(a.Positional[0]))!;
        var path = ScheduleWriter.Write(dir, s.Shrunk.Schedule, shrunk: true).Path;
        var (trace, page) = TraceWriter.Write(dir, s.Shrunk, path);
        console.WriteLine($"reproduced: {bug}");
        console.WriteLine($"before: {s.Before}");
        console.WriteLine($"after:  {s.After}{(s.Smaller ? "" : " (nothing smaller fails the same way)")}{(s.CutShort ? $" (the {seconds} s budget cut the search short)" : "")}");
        console.WriteLine($"{s.Candidates} smaller programs tried in {s.Elapsed.TotalSeconds:0.0} s");
        console.WriteLine($"shrunk schedule: {path}   trace: {trace}   page: {page}   replay: torture replay {path}");
        return 1;
    }
}
