namespace Torture.Model;

/// <summary>
/// Fault switches: each re-creates a real kernel bug (kernel-model.md §5) at exactly the line it
/// breaks, so <c>grep</c> for a name lands on the bug. All are off unless a scenario is built with them.
/// </summary>
public enum Mutant
{
    KvmNoRetryCheck,
    KvmSeqOnly,
    KvmCountOnly,
    KvmSnapshotAfterGup,
    SkipStartInZap,
    FreeBeforeStart,
    RegisterWithoutTakeAllLocks,
    TakeAllLocksNoGlobalMutex,
    TakeAllLocksNoAlreadyLockedBit,
    TakeAllLocksSkipsVmaWriteLock,
    UnregisterDelBeforeRelease,
    UnregisterUsesHlistDelRcu,
    UnregisterNoSynchronize,
    ReleaseNoSynchronizeSrcu,
    EagainSkipsEndForSucceeded,
    CowSkipsTlbFlush,
    ForkSkipsTlbFlush,
    HwTlbFlushAtStartOnly,
    NoSecondaryFlushOnUpgrade,
    DeferredFlushUsesCurrentMm,
    EndBeforeLastPteClear,
    PostVmaSkipsTlbFlush,
    WpSkipsIncTlbFlushPending,
    CleanRecordMissesReadOnlyDirty,
    CleanRecordCopiesBeforeFlush,
    MkcleanSkipsFlush,
    MkcleanResultIgnored,
    MprotectSkipsInvalidate,
    MprotectSkipsTlbFlush,
    ClearRefsSkipsTlbFlush,
    ExclusiveFilterIgnoresOwner,
    MakeExclusiveSkipsFlush,
    RestoreExclusiveWithoutNotify,
}
