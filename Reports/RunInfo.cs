namespace Torture.Reports;

/// <summary>What a run was asked to do, for the reports' headers: the configuration in force and the build.</summary>
public sealed record RunInfo(IReadOnlyDictionary<string, object?> Config, string Commit, string Fingerprint)
{
    /// <summary>When the run started (UTC), for the reports' timestamps: the wall clock, outside anything explored.</summary>
    public DateTime Started { get; init; } = DateTime.UtcNow;

    /// <summary>The run's overall result and its exit code: 1 for any bug (liveness included), 4 when cut short, else 0.</summary>
    public static (string Result, int ExitCode) Overall(IReadOnlyList<ScenarioOutcome> all)
    {
        if (all.Any(o => o.Kind == "bug")) return ("bug", ExitCodes.BugFound);
        if (all.Any(o => o.Kind == "liveness")) return ("liveness", ExitCodes.BugFound);
        if (all.Any(o => o.CutShort)) return (all.Any(o => o.Kind == "interrupted") ? "interrupted" : "incomplete", ExitCodes.Incomplete);
        return ("clean", ExitCodes.Clean);
    }
}

/// <summary>The torture command's exit codes.</summary>
public static class ExitCodes
{
    public const int Clean = 0, BugFound = 1, BadInput = 2, InternalError = 3, Incomplete = 4;
}
