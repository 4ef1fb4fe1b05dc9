namespace Torture.Model;

/// <summary>mm/rmap.c: try_to_unmap(): walk the reverse map under its lock, unmapping the page from every VMA.</summary>
public static class TryToUnmap
{
    /// <summary>
    /// The caller holds a reference and the page lock; <paramref name="batch"/> selects TTU_BATCH_FLUSH;
    /// without <paramref name="ignoreAccess"/> (TTU_IGNORE_ACCESS, always set since 013339df116c) a
    /// young mapping stops the unmap.
    /// </summary>
    public static void Run(PageRef page, TlbFlushUnmapBatch? batch, bool ignoreAccess = true)
    {
        bool young = false;
        Rmap.Walk(page.Page, (vma, va) => young = young || !One(page, vma, va, batch, ignoreAccess));
    }

    // mm/rmap.c: try_to_unmap_one(): false when the mapping was young and the unmap stops.
    private static bool One(PageRef target, Vma vma, int va, TlbFlushUnmapBatch? batch, bool ignoreAccess)
    {
        var mm = vma.Mm;
        var k = mm.Kernel;
        var pt = mm.PageTable;
        var range = new MmuNotifierRange(mm, va, va + 1, MmuNotifierEvent.Clear, vma);
        // Under the rmap lock and before the PTL: listeners drop their translations while the page
        // is mapped and referenced (R1); this rmap lock is what mm_take_all_locks() excludes.
        bool late = k.Faults.On(Mutant.NotifyAfterPtlRelease);
        if (!ignoreAccess) k.Events.AgingScanBegin("try_to_unmap_one");
        if (!late) MmuNotifierInvalidate.Start(range);
        pt.Ptl.Lock();
        var pte = pt[va];
        bool young = !ignoreAccess && pte.IsPresent && pte.Page == target && Young(k, vma, va, target);
        if (!ignoreAccess) k.Events.AgingScanEnd();
        if (!young && pte.IsPresent && pte.Page == target && (vma.Flags & VmFlags.Locked) == 0)
        {
            pt.Set(va, target.Page.AnonVma is not null ? Pte.SwapEntry(target.Page.Version) : Pte.None);
            // Deferred: "We clear the PTE but do not flush so potentially a remote CPU could still be
            // writing"; the batch is flushed before the page can be freed.
            if (batch is not null) batch.SetFlushPending(mm);
            else TlbFlush.Range(mm, va, va + 1);
            if (pte.Dirty) k.Pages.MarkDirty(target, "try_to_unmap_one");
            target.Page.MapDec();
            k.Pages.Put(target, "try_to_unmap_one");   // the mapping's reference; ours keeps the page
        }
        pt.Ptl.Unlock();
        if (late) MmuNotifierInvalidate.Start(range);   // the 2017 mmu_notifier_invalidate_page()
        MmuNotifierInvalidate.End(range);
        return !young;
    }

    // The check without TTU_IGNORE_ACCESS: ptep_clear_flush_young_notify() inside the window.
    private static bool Young(Kernel k, Vma vma, int va, PageRef target)
    {
        bool young = PtepYoung.ClearFlushYoungNotify(vma, va).IsYoung();
        k.Events.AgingScanned(target, young, "try_to_unmap_one");
        return young;
    }
}
