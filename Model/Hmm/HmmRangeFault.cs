namespace Torture.Model;

/// <summary>
/// mm/hmm.c: hmm_range_fault(): read the PTEs of [start, end) locklessly into pfns, faulting in
/// what is absent or lacks write (HMM_PFN_REQ_FAULT); the caller holds mmap_lock for read and a
/// sequence from mmu_interval_read_begin(). No page reference is taken: only read_retry under the
/// user lock makes the result usable.
/// </summary>
public static class HmmRangeFault
{
    /// <summary>A walk that faulted starts over (-EBUSY inside hmm_range_fault) at most this often.</summary>
    private const int MaxWalks = 3;

    /// <summary>0 with pfns filled; -EBUSY when an invalidation collided (or the walk kept faulting); -EFAULT when a page cannot be had.</summary>
    public static int Run(MmuIntervalNotifier notifier, long seq, MmStruct mm, int start, int end, bool write, PageRef[] pfns, bool[] writable)
    {
        KernelBug.On(!mm.MmapLock.IsReadHeldByCurrent && !mm.MmapLock.IsWriteHeldByCurrent, $"hmm_range_fault({mm}) without mmap_lock");
        for (int walk = 0; walk < MaxWalks; walk++)
        {
            if (notifier.CheckRetry(seq)) return Errno.EBUSY;
            int ret = Walk(mm, start, end, write, pfns, writable);
            if (ret != Errno.EBUSY) return ret;
        }
        return Errno.EBUSY;
    }

    // walk_page_range() with hmm_walk_ops: hmm_vma_walk_pmd() -> hmm_vma_handle_pte().
    private static int Walk(MmStruct mm, int start, int end, bool write, PageRef[] pfns, bool[] writable)
    {
        for (int va = start; va < end; va++)
        {
            if (mm.FindVma(va) is not { } vma || (write && !vma.Writable)) return Errno.EFAULT;
            Sched.Yield("hmm_vma_handle_pte: ptep_get");   // pte_offset_map(): no PTL
            var pte = mm.PageTable[va];
            if (pte.Allows(write))
            {
                pfns[va - start] = pte.Page;
                writable[va - start] = pte.Write;
                continue;
            }
            // hmm_vma_fault(): fault it in, then walk again from the start.
            return HandleMmFault.Run(vma, va, write) == VmFault.Done ? Errno.EBUSY : Errno.EFAULT;
        }
        return 0;
    }
}
