using Torture.Systematic;

namespace Torture.Reports;

/// <summary>One scenario's exploration, as the reports see it.</summary>
public sealed record ScenarioOutcome(string Scenario, IReadOnlyList<string> Faults, ExplorationResult Result)
{
    /// <summary>Where its schedule file was written (set before anything else is reported).</summary>
    public string? ScheduleFile { get; init; }
    public string? TraceFile { get; init; }

    public string Verdict => Result.Found switch
    {
        null when Result.Exhausted => "clean (exhausted)",
        null => "clean",
        { Bug.IsLiveness: true } f => $"LIVELOCK? {f.Bug.Title}",
        { } f => $"BUG {f.Bug.Title}",
    };
}
