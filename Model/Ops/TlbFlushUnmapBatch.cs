namespace Torture.Model;

/// <summary>
/// mm/rmap.c: struct tlbflush_unmap_batch (current->tlb_ubc): reclaim clears PTEs without flushing
/// and flushes once for the whole batch, before any of the pages is freed.
/// </summary>
public sealed class TlbFlushUnmapBatch
{
    private readonly List<MmStruct> pending = new(2);

    /// <summary>set_tlb_ubc_flush_pending(): a remote CPU may still write the page until <see cref="Flush"/>.</summary>
    public void SetFlushPending(MmStruct mm)
    {
        if (!pending.Contains(mm)) pending.Add(mm);
        // x86 arch_tlbbatch_add_pending(): secondary TLBs are invalidated now, while the mm is at
        // hand; the batched flush later runs in kswapd, which has no mm of its own (B19).
        if (!mm.Kernel.Faults.On(Mutant.DeferredFlushUsesCurrentMm)) MmuNotifierSecondaryTlbs.ArchInvalidate(mm, 0, int.MaxValue);
    }

    /// <summary>try_to_unmap_flush().</summary>
    public void Flush()
    {
        if (pending.Count > 0 && pending[0].Kernel.Faults.On(Mutant.DeferredFlushUsesCurrentMm))
            KernelBug.On(true, $"arch_tlbbatch_flush() by {Sched.ThreadName}: mmu_notifier_arch_invalidate_secondary_tlbs(current->mm) dereferences NULL: reclaim runs in kswapd, which has no mm");
        foreach (var mm in pending) TlbFlush.Mm(mm);
        pending.Clear();
    }
}
