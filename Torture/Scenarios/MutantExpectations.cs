using Torture.Model;

namespace Torture.Scenarios;

/// <summary>
/// What proves a mutant is caught: the scenario that exposes it, the check that must fire (an
/// invariant's name, or the scheduler's "deadlock" / "unlock-not-held"), and the iteration budget
/// within which the default strategy (new ExplorationOptions(): pct, depth 3) finds it with seed 1.
/// <see cref="WorstSeen"/> is the latest iteration at which it was found over seeds 1-100 (measured
/// when the table was last tuned); every budget is at least three times that.
/// The generated columns say the same of the generated scenario alone (seeds 1-20, measured by
/// <c>bench -- mutants --generated</c>); it may also fire <see cref="AlsoFiredByGenerated"/>, a
/// check that catches the same broken line from another side (justified in <see cref="Why"/>).
/// The Coyote columns say the same of the row's scenario under Coyote's TestingEngine with its
/// prioritization strategy (seeds 1-20, measured by <c>bench -- engines</c>).
/// </summary>
public sealed record MutantExpectation(Mutant Mutant, string Scenario, string Check, long Budget, long WorstSeen, string Why)
{
    public long GeneratedBudget { get; init; }
    public long GeneratedWorstSeen { get; init; }
    public IReadOnlyList<string> AlsoFiredByGenerated { get; init; } = Array.Empty<string>();
    public long CoyoteBudget { get; init; }
    public long CoyoteWorstSeen { get; init; }
    /// <summary>A check Coyote's prioritization may see first from another side of the same broken line (justified in <see cref="Why"/>).</summary>
    public IReadOnlyList<string> AlsoFiredByCoyote { get; init; } = Array.Empty<string>();

    /// <summary>The checks that count as finding this mutant under Coyote.</summary>
    public IReadOnlyList<string> CoyoteChecks => AlsoFiredByCoyote.Prepend(Check).ToList();

    /// <summary>The checks that count as finding this mutant in the generated scenario.</summary>
    public IReadOnlyList<string> GeneratedChecks => AlsoFiredByGenerated.Prepend(Check).ToList();
}

/// <summary>The mutation table, one row per mutant (the tests and the CLI read it).</summary>
public static class MutantExpectations
{
    public static IReadOnlyList<MutantExpectation> All { get; } = new MutantExpectation[]
    {
        new(Mutant.KvmNoRetryCheck, "fault-vs-zap", "I2 NoStaleSecondary", 100, 14,
            "the fault installs the page GUP returned although the zap cleared its PTE meanwhile") { CoyoteBudget = 21, CoyoteWorstSeen = 7, GeneratedBudget = 900, GeneratedWorstSeen = 291 },
        new(Mutant.KvmSeqOnly, "fault-vs-zap", "I2 NoStaleSecondary", 100, 18,
            "GUP ran after start but before the PTE clear; the seq has not moved yet, so the SPTE is installed inside the window") { CoyoteBudget = 36, CoyoteWorstSeen = 12, GeneratedBudget = 1200, GeneratedWorstSeen = 400 },
        new(Mutant.KvmCountOnly, "fault-vs-zap", "I2 NoStaleSecondary", 1150, 372,
            "a whole start..end between snapshot and check leaves in_progress at 0: a stale SPTE survives the zap") { CoyoteBudget = 231, CoyoteWorstSeen = 77, GeneratedBudget = 5900, GeneratedWorstSeen = 1946 },
        new(Mutant.KvmSnapshotAfterGup, "fault-vs-zap", "I2 NoStaleSecondary", 700, 159,
            "the zap completes between GUP and the late snapshot, which then already contains its seq bump") { CoyoteBudget = 477, CoyoteWorstSeen = 159, GeneratedBudget = 4000, GeneratedWorstSeen = 1307 },
        new(Mutant.SkipStartInZap, "fault-vs-zap", "I2 NoStaleSecondary", 20, 1,
            "the PTE is cleared while KVM still maps the page, with no invalidation in progress; generated: with no start KVM's end arrives unmatched (I6) when the zap's end runs before a step check sees the stale SPTE") { CoyoteBudget = 10, CoyoteWorstSeen = 1, GeneratedBudget = 200, GeneratedWorstSeen = 36, AlsoFiredByGenerated = new[] { "I6 StartEndPaired" } },
        new(Mutant.FreeBeforeStart, "fault-vs-zap", "I2 NoStaleSecondary", 20, 1,
            "the PTE is cleared (and the page freed) before KVM hears of it: the SPTE is stale first") { CoyoteBudget = 10, CoyoteWorstSeen = 1, GeneratedBudget = 200, GeneratedWorstSeen = 39 },
        new(Mutant.RegisterWithoutTakeAllLocks, "register-vs-invalidate", "I6 StartEndPaired", 150, 39,
            "reclaim (i_mmap) or the COW fault (VMA lock) is between start and end when KVM is hashed: KVM gets an end without its start") { CoyoteBudget = 51, CoyoteWorstSeen = 17, GeneratedBudget = 13700, GeneratedWorstSeen = 4538 },
        new(Mutant.TakeAllLocksNoGlobalMutex, "register-vs-register", "unlock-not-held", 100, 20,
            "the second taker trusts the first's AS_MM_ALL_LOCKS bit / anon_vma mark and later releases a lock only the first holds (the marks make a true AB-BA impossible; on 1 seed in 100 the stray registration shows first as I6, and under Coyote's prioritization on about half the seeds)") { CoyoteBudget = 36, CoyoteWorstSeen = 12, AlsoFiredByCoyote = new[] { "I6 StartEndPaired" }, GeneratedBudget = 20000, GeneratedWorstSeen = 6660 },
        new(Mutant.TakeAllLocksNoAlreadyLockedBit, "register-vs-invalidate", "deadlock", 50, 11,
            "the child's VMA reaches the parent's anon_vma root twice; the second down_write waits on itself") { CoyoteBudget = 15, CoyoteWorstSeen = 5, GeneratedBudget = 100, GeneratedWorstSeen = 30 },
        new(Mutant.TakeAllLocksSkipsVmaWriteLock, "register-vs-invalidate", "I6 StartEndPaired", 850, 269,
            "the COW fault under the per-VMA lock straddles registration: KVM gets an end without its start (B16)") { CoyoteBudget = 231, CoyoteWorstSeen = 77, GeneratedBudget = 407300, GeneratedWorstSeen = 135763 },
        new(Mutant.UnregisterDelBeforeRelease, "unregister-vs-exit", "I1 NoFreeWhileSecondaryMapped", 400, 88,
            "between unhash and ->release, reclaim (or exit) frees a page KVM still maps, without telling KVM") { CoyoteBudget = 123, CoyoteWorstSeen = 41, GeneratedBudget = 5800, GeneratedWorstSeen = 1920 },
        new(Mutant.UnregisterUsesHlistDelRcu, "unregister-vs-exit", "I12 ListIntegrity", 200, 41,
            "exit's release loop unhashes the node after unregister tested it; hlist_del_rcu then dereferences NULL") { CoyoteBudget = 90, CoyoteWorstSeen = 30, GeneratedBudget = 4200, GeneratedWorstSeen = 1381 },
        new(Mutant.UnregisterNoSynchronize, "unregister-vs-exit", "I7 NoCallbackAfterUnregister", 250, 73,
            "unregister returns while exit's ->release (or reclaim's start) is still inside KVM") { CoyoteBudget = 72, CoyoteWorstSeen = 24, GeneratedBudget = 3500, GeneratedWorstSeen = 1161 },
        new(Mutant.ReleaseNoSynchronizeSrcu, "unregister-vs-exit", "I8 ReleaseBeforeExitFree", 850, 278,
            "exit frees pages while the ->release unregister began (still hashed) is running") { CoyoteBudget = 600, CoyoteWorstSeen = 200, GeneratedBudget = 38400, GeneratedWorstSeen = 12779 },
        new(Mutant.EagainSkipsEndForSucceeded, "nonblock-two-listeners", "I6 StartEndPaired", 450, 142,
            "the driver's trylock fails, KVM's start succeeded and never gets its end: in_progress stays 1") { CoyoteBudget = 132, CoyoteWorstSeen = 44, GeneratedBudget = 154600, GeneratedWorstSeen = 51513 },
        new(Mutant.CowSkipsTlbFlush, "cow-vs-cpu", "I13 MemoryCoherence", 100, 7,
            "cpu1 keeps its entry for the old page after cpu0's COW returned and stored to the copy: it loads a value older than the latest store; generated: when no child keeps the old page it is freed with the stale entry still cached (I1 counts CPU TLBs); cow-vs-cpu keeps it alive so only I13 can see it") { CoyoteBudget = 24, CoyoteWorstSeen = 8, GeneratedBudget = 1100, GeneratedWorstSeen = 359, AlsoFiredByGenerated = new[] { "I1 NoFreeWhileSecondaryMapped" } },
        new(Mutant.ForkSkipsTlbFlush, "fork-vs-cpu", "I13 MemoryCoherence", 100, 12,
            "cpu0 stores through its writable entry after fork returned: the page is shared with the child and the PTE is read-only") { CoyoteBudget = 24, CoyoteWorstSeen = 8, GeneratedBudget = 21500, GeneratedWorstSeen = 7157 },
    };

    public static MutantExpectation For(Mutant m) => All.Single(e => e.Mutant == m);
}
