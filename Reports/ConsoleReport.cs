using System.Globalization;

namespace Torture.Reports;

/// <summary>One line per scenario: iterations, schedules per second, result.</summary>
public static class ConsoleReport
{
    public static string Line(ScenarioOutcome o)
    {
        var r = o.Result;
        var name = o.Faults.Count == 0 ? o.Scenario : $"{o.Scenario} +{string.Join("+", o.Faults)}";
        var rate = r.IterationsPerSecond.ToString("N0", CultureInfo.InvariantCulture);
        var line = $"{name,-34} {r.Strategy,-16} {r.Iterations,8:N0} it {rate,9} sched/s  {o.Verdict}";
        if (o.Shrunk is { } s)
        {
            line += $"\n{"",34} shrunk: {s.After} (was {s.Before}; {s.Seconds:0.0} s{(s.CutShort ? ", budget cut it short" : "")})";
            line += $"\n{"",34} schedule: {s.ScheduleFile}   replay: torture replay {s.ScheduleFile}";
            line += $"\n{"",34} original: {o.ScheduleFile}";
        }
        else if (o.ScheduleFile is not null) line += $"\n{"",34} schedule: {o.ScheduleFile}   replay: torture replay {o.ScheduleFile}";
        if (o.PageFile is { } page) line += $"\n{"",34} page: {page}";
        if (o.CoyoteTrace is { } ct) line += $"\n{"",34} coyote trace: {ct}   replay: torture replay {ct}{CoyoteReplayHint(ct)}";
        if (o.Coverage is { } c) line += $"\n{"",34} {c.Line}";
        if (o.ScheduleFallback is { } why) line += $"\n{"",34} WARNING: could not write to {why}; the schedule went to {o.ScheduleFile}";
        if (r.Found is { Replayable: false } seen)
            line += $"\n{"",34} no schedule: {r.Strategy} threads run free, so no decision was recorded to replay; the message above is what {seen.Bug.Thread ?? "the check"} saw (iteration {seen.Schedule.Iteration}, seed {seen.Schedule.Seed})";
        else if (r.Found is { Reproduced: false })
            line += $"\n{"",34} WARNING: replaying the schedule did not reproduce the same failure (nondeterminism outside Torture primitives?)";
        return line;
    }

    /// <summary>How Coyote's own CLI replays the trace, when the Coyote test assembly has a method for its program.</summary>
    private static string CoyoteReplayHint(string trace)
    {
        try
        {
            if (CoyoteTraceFile.Load(trace).Sidecar.CoyoteMethod is not { } m) return "";
            return $"\n{"",34} or: DOTNET_ROLL_FORWARD=Major dotnet coyote replay {CoyoteTraceFile.TestAssembly} {trace} -m {m}";
        }
        catch (Systematic.TortureInputException) { return ""; }
    }

    public static string Summary(IReadOnlyList<ScenarioOutcome> all)
    {
        int bugs = all.Count(o => o.Result.BugFound);
        long iterations = all.Sum(o => o.Result.Iterations);
        var seconds = all.Sum(o => o.Result.Elapsed.TotalSeconds);
        var (result, _) = RunInfo.Overall(all);
        int cut = all.Count(o => o.CutShort);
        return result switch
        {
            "bug" or "liveness" => $"FAILURE: {bugs} of {all.Count} scenario(s) found a bug{(all.Any(o => o.ScheduleFile is not null) ? "; schedules written" : " (parallel native: no schedules)")}",
            "interrupted" => $"INTERRUPTED: {cut} of {all.Count} scenario(s) stopped early, {iterations:N0} iterations, no bug found so far ({seconds:0.0} s of exploration)",
            "incomplete" => $"INCOMPLETE: {cut} of {all.Count} dfs exploration(s) cut short by the budget, {iterations:N0} iterations, no bug found ({seconds:0.0} s of exploration)",
            _ => $"SUCCESS: {all.Count} scenario(s), {iterations:N0} iterations, no bug found ({seconds:0.0} s of exploration)",
        };
    }
}
