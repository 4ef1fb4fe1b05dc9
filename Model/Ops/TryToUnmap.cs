namespace Torture.Model;

/// <summary>mm/rmap.c: try_to_unmap(): walk the reverse map under its lock, unmapping the page from every VMA.</summary>
public static class TryToUnmap
{
    /// <summary>The caller holds a reference and the page lock; <paramref name="batch"/> selects TTU_BATCH_FLUSH.</summary>
    public static void Run(PageRef page, TlbFlushUnmapBatch? batch) =>
        Rmap.Walk(page.Page, (vma, va) => One(page, vma, va, batch));

    // mm/rmap.c: try_to_unmap_one()
    private static void One(PageRef target, Vma vma, int va, TlbFlushUnmapBatch? batch)
    {
        var mm = vma.Mm;
        var k = mm.Kernel;
        var pt = mm.PageTable;
        var range = new MmuNotifierRange(mm, va, va + 1, MmuNotifierEvent.Clear, vma);
        // Under the rmap lock and before the PTL: listeners drop their translations while the page
        // is mapped and referenced (R1); this rmap lock is what mm_take_all_locks() excludes.
        bool late = k.Faults.On(Mutant.NotifyAfterPtlRelease);
        if (!late) MmuNotifierInvalidate.Start(range);
        pt.Ptl.Lock();
        var pte = pt[va];
        if (pte.IsPresent && pte.Page == target && (vma.Flags & VmFlags.Locked) == 0)
        {
            pt.Set(va, target.Page.AnonVma is not null ? Pte.SwapEntry(target.Page.Version) : Pte.None);
            // Deferred: "We clear the PTE but do not flush so potentially a remote CPU could still be
            // writing"; the batch is flushed before the page can be freed.
            if (batch is not null) batch.SetFlushPending(mm);
            else TlbFlush.Range(mm, va, va + 1);
            if (pte.Dirty) k.Pages.MarkDirty(target, "try_to_unmap_one");
            target.Page.Mapcount--;
            k.Pages.Put(target, "try_to_unmap_one");   // the mapping's reference; ours keeps the page
        }
        pt.Ptl.Unlock();
        if (late) MmuNotifierInvalidate.Start(range);   // the 2017 mmu_notifier_invalidate_page()
        MmuNotifierInvalidate.End(range);
    }
}
