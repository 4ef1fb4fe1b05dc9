namespace Torture.Model;

/// <summary>One line per mutant: what it breaks and the kernel bug it re-creates.</summary>
public static class Mutants
{
    public static string Describe(Mutant m) => m switch
    {
        Mutant.KvmNoRetryCheck => "KVM fault installs the SPTE without mmu_invalidate_retry_gfn(): the race e930bffe95e1 closed (B1)",
        Mutant.KvmSeqOnly => "KVM fault checks mmu_invalidate_seq but not mmu_invalidate_in_progress: misses an invalidation already running at the snapshot (B1)",
        Mutant.KvmCountOnly => "KVM fault checks mmu_invalidate_in_progress but not the seq: misses a whole start..end between snapshot and check (B1)",
        Mutant.KvmSnapshotAfterGup => "KVM fault samples mmu_invalidate_seq after GUP, not before: an invalidation between GUP and the snapshot goes unseen (B1)",
        Mutant.SkipStartInZap => "zap_page_range_single() clears PTEs without invalidate_range_start(): listeners keep SPTEs to pages being freed (R1)",
        Mutant.FreeBeforeStart => "zap clears PTEs and frees the pages through the mmu_gather before invalidate_range_start() (R1; the 2008 draft's free-then-notify order)",
        Mutant.RegisterWithoutTakeAllLocks => "__mmu_notifier_register() hashes the notifier under mmap_lock only: an rmap walker's start..end straddles it, the listener sees end without start (§3.3)",
        Mutant.TakeAllLocksNoGlobalMutex => "mm_take_all_locks() without mm_all_locks_mutex: two takers share the AS_MM_ALL_LOCKS bits and anon_vma marks, so one trusts the other's mark and releases a lock it never took (§3.2, B18)",
        Mutant.TakeAllLocksNoAlreadyLockedBit => "mm_take_all_locks() ignores AS_MM_ALL_LOCKS and the anon_vma root mark: an mm reaching one root twice (fork) self-deadlocks (B18)",
        Mutant.TakeAllLocksSkipsVmaWriteLock => "mm_take_all_locks() omits pass 1 vma_start_write(): a per-VMA-lock COW fault straddles registration (B16, eeff9a5d47f8)",
        Mutant.UnregisterDelBeforeRelease => "mmu_notifier_unregister() unhashes before ->release: reclaim and exit free pages the secondary still maps (B2, 3ad3d901bbcf)",
        Mutant.UnregisterUsesHlistDelRcu => "mmu_notifier_unregister() uses hlist_del_rcu(): deleting a node exit_mmap already unhashed dereferences NULL (B3, 751efd8610d3 -> d34883d4e35c)",
        Mutant.UnregisterNoSynchronize => "mmu_notifier_unregister() returns without synchronize_srcu(): callbacks still run on a listener its owner frees (B4)",
        Mutant.ReleaseNoSynchronizeSrcu => "__mmu_notifier_release() returns to exit_mmap() without synchronize_srcu(): pages are freed while an unregister-invoked ->release still runs (B3, d34883d4e35c)",
        Mutant.EagainSkipsEndForSucceeded => "on -EAGAIN from one listener the dispatcher does not end the starts that succeeded: KVM's mmu_invalidate_in_progress stays raised (B13, c2655835fd8c)",
        Mutant.CowSkipsTlbFlush => "wp_page_copy() clears the PTE without flushing the TLB (ptep_clear instead of ptep_clear_flush): another CPU keeps reading the old page after the copy is mapped and written (R5)",
        Mutant.ForkSkipsTlbFlush => "copy_page_range() write-protects the parent's PTEs but does not flush the TLB: a CPU keeps writing through its writable entry into a page the child now shares",
        _ => throw new ArgumentOutOfRangeException(nameof(m), m, "unknown mutant"),
    };
}
