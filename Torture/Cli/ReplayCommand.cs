using Torture.Campaign;
using Torture.Reports;
using Torture.Systematic;

namespace Torture.Cli;

/// <summary>torture replay FILE: rerun a schedule strictly and print the readable trace; exit 1 when it reproduces a bug.</summary>
public static class ReplayCommand
{
    private static readonly Dictionary<string, OptionKind> Options = new() { ["--no-fingerprint-check"] = OptionKind.Flag };

    public static int Run(IReadOnlyList<string> args, TextWriter console)
    {
        var a = ParsedArgs.Parse("replay", args, Options, maxPositional: 1);
        if (a.Positional.Count != 1) throw new TortureInputException("replay: give the schedule file to replay (torture replay FILE)");
        var schedule = Schedule.Load(a.Positional[0]);
        var program = Catalog.ProgramFor(schedule);
        var outcome = Explorer.Replay(program, schedule, checkFingerprint: !a.Has("--no-fingerprint-check"));
        if (outcome.Bug is { } bug)
        {
            console.Write(TraceWriter.Render(bug, schedule, outcome.Trace));
            console.WriteLine($"reproduced: {bug}");
            return 1;
        }
        console.Write(outcome.TraceText);
        console.WriteLine(schedule.Bug is null
            ? "replayed: no bug in this schedule"
            : $"NOT reproduced: the file recorded '{schedule.Bug}', the replay ran clean");
        return 0;
    }
}
