namespace Torture.Systematic;

/// <summary>What kind of failure an iteration ended with.</summary>
public enum BugKind
{
    AssertionFailure,
    UnhandledException,
    Deadlock,
    LockOrderInversion,
    UnlockNotHeld,
    ExitHoldingLock,
    /// <summary>The step bound was exceeded: a possible livelock, reported apart from safety bugs.</summary>
    MaxStepsExceeded,
    /// <summary>A logical thread ran native code without reaching a scheduling point for the watchdog period.</summary>
    StuckThread,
    /// <summary>might_sleep() inside non_block_start()..non_block_end(): "sleeping function called from invalid context".</summary>
    SleepInAtomic,
    /// <summary>A liveness monitor stayed hot: to the end, or through a fair scheduling suffix (the check is the monitor's name).</summary>
    LivenessViolation,
}

/// <summary>A failure found in one iteration.</summary>
/// <param name="Check">The named check that fired (an invariant name, "lockdep", "deadlock"...), when there is one.</param>
public sealed record Bug(BugKind Kind, string? Check, string Message, string? Thread, long Step)
{
    /// <summary>Lock-order edges seen before the failing iteration that the report depends on (replay seeds lockdep with them).</summary>
    public IReadOnlyList<LockEdge> PriorLockEdges { get; init; } = Array.Empty<LockEdge>();

    public bool IsLiveness => Kind == BugKind.MaxStepsExceeded;

    public string Title => Check is null ? Kind.ToString() : $"{Kind} [{Check}]";

    public override string ToString() => $"{Title}: {Message}" + (Thread is null ? "" : $" (thread {Thread}, step {Step})");
}

/// <summary>A lock-order edge "<paramref name="To"/> was taken while holding <paramref name="From"/>", with where it was first seen.</summary>
public sealed record LockEdge(string From, string To, string Witness);
