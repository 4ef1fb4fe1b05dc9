namespace Torture.Systematic;

/// <summary>What an exploration found.</summary>
public sealed class ExplorationResult
{
    public required string Program { get; init; }
    public required string Strategy { get; init; }
    public long Iterations { get; init; }
    /// <summary>DFS ran out of schedules: the space within its bound was explored completely.</summary>
    public bool Exhausted { get; init; }
    /// <summary>Why it stopped.</summary>
    public StopReason Stop { get; init; }
    public TimeSpan Elapsed { get; init; }
    public long TotalSteps { get; init; }
    public int MaxDecisions { get; init; }
    /// <summary>The first bug found, with its schedule and the trace of its replay.</summary>
    public FoundBug? Found { get; init; }

    /// <summary>DFS that stopped with schedules left (budget, time, a bug, Ctrl-C): where to go on from.</summary>
    public DfsCheckpoint? Checkpoint { get; init; }

    public bool BugFound => Found is not null;
    public double IterationsPerSecond => Elapsed.TotalSeconds > 0 ? Iterations / Elapsed.TotalSeconds : 0;
}

/// <summary>A bug with everything needed to reproduce and read it.</summary>
public sealed class FoundBug
{
    public required Bug Bug { get; init; }
    public required Schedule Schedule { get; init; }
    public required IReadOnlyList<TraceEvent> Trace { get; init; }
    /// <summary>Replaying the schedule reproduced the same failure at the same step (false means the program is not deterministic).</summary>
    public bool Reproduced { get; init; }
    /// <summary>False for a bug a parallel native run saw: no decision was recorded, so its schedule names only what ran.</summary>
    public bool Replayable { get; init; } = true;
    public string TraceText => TraceEvent.Render(Trace);
}

/// <summary>Why an exploration stopped.</summary>
public enum StopReason
{
    /// <summary>It ran every iteration it was given.</summary>
    Iterations,
    BugFound,
    /// <summary>DFS ran out of schedules within its bound.</summary>
    Exhausted,
    /// <summary>The time budget ran out first.</summary>
    TimeBudget,
    /// <summary>Cancelled from outside (Ctrl-C, SIGTERM).</summary>
    Interrupted,
}
