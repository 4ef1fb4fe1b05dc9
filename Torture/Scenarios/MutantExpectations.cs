using Torture.Model;

namespace Torture.Scenarios;

/// <summary>
/// What proves a mutant is caught: the scenario that exposes it, the check that must fire (an
/// invariant's name, or the scheduler's "deadlock" / "unlock-not-held"), and the iteration budget
/// within which the default strategy (new ExplorationOptions(): pct, depth 3) finds it with seed 1.
/// <see cref="WorstSeen"/> is the latest iteration at which it was found over seeds 1-100 (measured
/// when the table was last tuned); every budget is at least three times that.
/// </summary>
public sealed record MutantExpectation(Mutant Mutant, string Scenario, string Check, long Budget, long WorstSeen, string Why);

/// <summary>The mutation table, one row per mutant (the tests and the CLI read it).</summary>
public static class MutantExpectations
{
    public static IReadOnlyList<MutantExpectation> All { get; } = new MutantExpectation[]
    {
        new(Mutant.KvmNoRetryCheck, "fault-vs-zap", "I2 NoStaleSecondary", 100, 14,
            "the fault installs the page GUP returned although the zap cleared its PTE meanwhile"),
        new(Mutant.KvmSeqOnly, "fault-vs-zap", "I2 NoStaleSecondary", 100, 18,
            "GUP ran after start but before the PTE clear; the seq has not moved yet, so the SPTE is installed inside the window"),
        new(Mutant.KvmCountOnly, "fault-vs-zap", "I2 NoStaleSecondary", 1150, 372,
            "a whole start..end between snapshot and check leaves in_progress at 0: a stale SPTE survives the zap"),
        new(Mutant.KvmSnapshotAfterGup, "fault-vs-zap", "I2 NoStaleSecondary", 700, 159,
            "the zap completes between GUP and the late snapshot, which then already contains its seq bump"),
        new(Mutant.SkipStartInZap, "fault-vs-zap", "I2 NoStaleSecondary", 20, 1,
            "the PTE is cleared while KVM still maps the page, with no invalidation in progress"),
        new(Mutant.FreeBeforeStart, "fault-vs-zap", "I2 NoStaleSecondary", 20, 1,
            "the PTE is cleared (and the page freed) before KVM hears of it: the SPTE is stale first"),
        new(Mutant.RegisterWithoutTakeAllLocks, "register-vs-invalidate", "I6 StartEndPaired", 150, 39,
            "reclaim (i_mmap) or the COW fault (VMA lock) is between start and end when KVM is hashed: KVM gets an end without its start"),
        new(Mutant.TakeAllLocksNoGlobalMutex, "register-vs-register", "unlock-not-held", 100, 20,
            "the second taker trusts the first's AS_MM_ALL_LOCKS bit / anon_vma mark and later releases a lock only the first holds (the marks make a true AB-BA impossible; on 1 seed in 100 the stray registration shows first as I6)"),
        new(Mutant.TakeAllLocksNoAlreadyLockedBit, "register-vs-invalidate", "deadlock", 50, 11,
            "the child's VMA reaches the parent's anon_vma root twice; the second down_write waits on itself"),
        new(Mutant.TakeAllLocksSkipsVmaWriteLock, "register-vs-invalidate", "I6 StartEndPaired", 850, 269,
            "the COW fault under the per-VMA lock straddles registration: KVM gets an end without its start (B16)"),
        new(Mutant.UnregisterDelBeforeRelease, "unregister-vs-exit", "I1 NoFreeWhileSecondaryMapped", 400, 88,
            "between unhash and ->release, reclaim (or exit) frees a page KVM still maps, without telling KVM"),
        new(Mutant.UnregisterUsesHlistDelRcu, "unregister-vs-exit", "I12 ListIntegrity", 200, 41,
            "exit's release loop unhashes the node after unregister tested it; hlist_del_rcu then dereferences NULL"),
        new(Mutant.UnregisterNoSynchronize, "unregister-vs-exit", "I7 NoCallbackAfterUnregister", 250, 73,
            "unregister returns while exit's ->release (or reclaim's start) is still inside KVM"),
        new(Mutant.ReleaseNoSynchronizeSrcu, "unregister-vs-exit", "I8 ReleaseBeforeExitFree", 850, 278,
            "exit frees pages while the ->release unregister began (still hashed) is running"),
        new(Mutant.EagainSkipsEndForSucceeded, "nonblock-two-listeners", "I6 StartEndPaired", 450, 142,
            "the driver's trylock fails, KVM's start succeeded and never gets its end: in_progress stays 1"),
    };

    public static MutantExpectation For(Mutant m) => All.Single(e => e.Mutant == m);
}
