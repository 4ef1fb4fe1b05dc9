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
        Mutant.HwTlbFlushAtStartOnly => "the IOMMU/SVA driver flushes its device TLB in invalidate_range_start() instead of arch_invalidate_secondary_tlbs(): the device refills from the still-present PTE before it is cleared (B6, 0f0a327fa12c)",
        Mutant.NoSecondaryFlushOnUpgrade => "a write fault upgrades a read-only PTE without invalidating secondary TLBs: an SMMU that caches permissions faults on its stale read-only entry forever (B19, 1af5a8109904)",
        Mutant.DeferredFlushUsesCurrentMm => "the batched reclaim flush invalidates secondary TLBs of current->mm: kswapd has none and dereferences NULL (B19, the linux-next version of arch_tlbbatch_flush)",
        Mutant.EndBeforeLastPteClear => "zap_page_range_single() calls invalidate_range_end() before it clears the last PTE: a secondary refaults the page in between and keeps it after the clear",
        Mutant.PostVmaSkipsTlbFlush => "wp_clean_post_vma() ends the notifier range without flush_tlb_range(): CPUs keep writable entries to PTEs wp_shared_mapping_range() write-protected",
        Mutant.WpSkipsIncTlbFlushPending => "wp_clean_pre_vma() skips inc_tlb_flush_pending(): a second walker finds the PTEs already read-only, sees no nested flush and returns while the first walker's stale writable entries live",
        Mutant.CleanRecordMissesReadOnlyDirty => "clean_record_pte() cleans every dirty PTE but records only writable ones: a page write-protected after a store is cleaned and never copied",
        Mutant.CleanRecordCopiesBeforeFlush => "the DRM dirty tracker copies a recorded page out while clean_record_shared_mapping_range() still holds the PTL, before the TLB flush: a store through a dirty TLB entry lands after the copy and leaves no dirty bit",
        Mutant.MkcleanSkipsFlush => "page_vma_mkclean_one() uses ptep_get_and_clear() instead of ptep_clear_flush(): a CPU keeps storing through its writable dirty entry after writeback cleaned the page",
        Mutant.MkcleanResultIgnored => "folio_clear_dirty_for_io() ignores what folio_mkclean() returned: dirty bits moved out of the PTEs are dropped and writeback skips the page",
        Mutant.MprotectSkipsInvalidate => "change_protection() write-protects PTEs without the PROTECTION_VMA invalidate_range_start/end: KVM keeps writable SPTEs to read-only pages",
        Mutant.MprotectSkipsTlbFlush => "mprotect(PROT_READ) changes the PTEs without flushing the TLB: a CPU keeps writing after mprotect() returned",
        Mutant.ClearRefsSkipsTlbFlush => "clear_refs (soft-dirty) write-protects the PTEs but skips flush_tlb_mm(): stores through stale writable entries set no soft-dirty bit",
        Mutant.ExclusiveFilterIgnoresOwner => "the device driver skips every MMU_NOTIFY_EXCLUSIVE invalidation, not only those it started (owner == its own): a CPU taking the page back leaves the device its exclusive mapping",
        Mutant.MakeExclusiveSkipsFlush => "make_device_exclusive() replaces the PTE without ptep_clear_flush(): a CPU keeps using its TLB entry to a page the device now holds exclusively",
        Mutant.RestoreExclusiveWithoutNotify => "remove_device_exclusive_entry() restores the PTE without the MMU_NOTIFY_EXCLUSIVE start/end: the device is never told it lost the page",
        _ => throw new ArgumentOutOfRangeException(nameof(m), m, "unknown mutant"),
    };
}
