using Torture.Systematic;

namespace Torture.Reports;

/// <summary>One scenario's exploration, as the reports see it.</summary>
public sealed record ScenarioOutcome(string Scenario, IReadOnlyList<string> Faults, ExplorationResult Result)
{
    /// <summary>Where its schedule file was written (set before anything else is reported).</summary>
    public string? ScheduleFile { get; init; }
    public string? TraceFile { get; init; }
    /// <summary>The bug's HTML page (one column per thread), beside its trace.</summary>
    public string? PageFile { get; init; }
    /// <summary>Why the schedule is not in the output folder but in the fallback one (null: it is where asked).</summary>
    public string? ScheduleFallback { get; init; }
    /// <summary>The shrunk bug, when shrinking made it smaller (the trace file shows that one).</summary>
    public ShrinkSummary? Shrunk { get; init; }
    /// <summary>The engine that explored it (systematic, coyote, native).</summary>
    public string Engine { get; init; } = "systematic";
    /// <summary>A Coyote-found bug's reproducible trace (with its .coyote.json beside it).</summary>
    public string? CoyoteTrace { get; init; }
    /// <summary>What a generated scenario exercised.</summary>
    public CoverageSummary? Coverage { get; init; }

    /// <summary>What a report calls it: bug, liveness (a possible livelock only), clean, incomplete (a dfs cut short) or interrupted.</summary>
    public string Kind => Result.Found switch
    {
        { Bug.IsLiveness: true } => "liveness",
        not null => "bug",
        null when Result.Stop == StopReason.Interrupted => "interrupted",
        null when Result.Strategy.StartsWith("dfs", StringComparison.Ordinal) && !Result.Exhausted => "incomplete",
        _ => "clean",
    };

    /// <summary>Stopped before its budget said so: interrupted, or a dfs its budget cut short.</summary>
    public bool CutShort => Kind is "interrupted" or "incomplete";

    public string Verdict => Result.Found switch
    {
        null when Result.Stop == StopReason.Interrupted => $"interrupted after {Result.Iterations:N0} iterations (clean so far)",
        null when Result.Stop == StopReason.TimeBudget && !Result.Strategy.StartsWith("dfs", StringComparison.Ordinal) => $"clean (the time budget stopped it after {Result.Iterations:N0} iterations)",
        // Exhaustion is a proof for the bound, so say it in words; a DFS cut short proves nothing.
        null when Result.Exhausted => $"clean, EXHAUSTED: every schedule within {Result.Strategy} explored ({Result.Iterations:N0})",
        null when Result.Strategy.StartsWith("dfs", StringComparison.Ordinal) => $"clean, not exhausted: {Result.Strategy} stopped after {Result.Iterations:N0} schedules",
        null => "clean",
        { Bug.IsLiveness: true } f => $"LIVELOCK? {f.Bug.Title}",
        { } f => $"BUG {f.Bug.Title}",
    };
}
