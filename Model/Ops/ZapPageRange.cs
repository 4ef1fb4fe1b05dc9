namespace Torture.Model;

/// <summary>mm/memory.c: the zap path shared by madvise(DONTNEED), munmap, exit and the OOM reaper.</summary>
public static class ZapPageRange
{
    /// <summary>
    /// zap_page_range_single(): one VMA, one CLEAR invalidation. Per page the order is
    /// start -> [PTL] clear PTE -> gather -> TLB flush -> free (possibly before end) -> end (§2.1).
    /// </summary>
    public static void Single(Vma vma, int start, int end)
    {
        var mm = vma.Mm;
        var k = mm.Kernel;
        var tlb = new MmuGather(mm, fullmm: false);
        var range = new MmuNotifierRange(mm, start, end, MmuNotifierEvent.Clear, vma);
        bool freeFirst = k.Faults.On(Mutant.FreeBeforeStart);
        if (freeFirst)
        {
            UnmapPageRange(tlb, vma, start, end);
            tlb.FlushMmu();
        }
        // R1: start returns before any PTE in the range is cleared and before any page mapped there
        // can be freed; the listeners drop their translations while the pages are still referenced.
        if (!k.Faults.On(Mutant.SkipStartInZap)) MmuNotifierInvalidate.Start(range);
        // R3: end only after the last PTE of the range is cleared, or a listener may map it again in between.
        if (k.Faults.On(Mutant.EndBeforeLastPteClear) && !freeFirst && end - start > 1)
        {
            UnmapPageRange(tlb, vma, start, end - 1);
            MmuNotifierInvalidate.End(range);
            UnmapPageRange(tlb, vma, end - 1, end);
            tlb.Finish();
            return;
        }
        if (!freeFirst) UnmapPageRange(tlb, vma, start, end);
        MmuNotifierInvalidate.End(range);
        tlb.Finish();
    }

    /// <summary>
    /// unmap_page_range() -> zap_pte_range(): clear PTEs under the PTL, queueing each page's mapping
    /// reference in the gather; a full batch is flushed (TLB under the PTL, free after it) and the walk resumes.
    /// </summary>
    public static void UnmapPageRange(MmuGather tlb, Vma vma, int start, int end)
    {
        var k = vma.Mm.Kernel;
        var pt = vma.Mm.PageTable;
        int va = start;
        while (va < end)
        {
            bool forceFlush = false;
            pt.Ptl.Lock();
            for (; va < end && !forceFlush; va++)
            {
                var pte = pt[va];
                if (pte.Kind == PteKind.None) continue;
                pt.Set(va, Pte.None);   // ptep_get_and_clear_full()
                tlb.TrackRange(va);
                if (!pte.MapsPage) continue;   // a swap entry: nothing mapped
                if (pte.Dirty) k.Pages.MarkDirty(pte.Page, "zap_pte_range");
                pte.Page.Page.MapDec();   // folio_remove_rmap_ptes(); the reference waits in the gather
                forceFlush = tlb.RemovePage(pte.Page);
            }
            // The TLB flush happens before the PTL is dropped: once another thread can take the PTL
            // no CPU may still write the unmapped page through a stale entry.
            if (forceFlush) tlb.FlushTlbOnly();
            pt.Ptl.Unlock();
            if (forceFlush) tlb.FlushFree();
        }
    }
}
