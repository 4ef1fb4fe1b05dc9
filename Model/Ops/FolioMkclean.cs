namespace Torture.Model;

/// <summary>mm/rmap.c: folio_mkclean(): write-protect and clean every shared mapping of a locked page-cache folio.</summary>
public static class FolioMkclean
{
    /// <summary>True when some PTE was writable or dirty (the caller then marks the folio dirty).</summary>
    public static bool Run(Page page)
    {
        if (page.Mapping is null) return false;
        KernelBug.On(!page.Has(PageFlags.Locked), $"folio_mkclean({page}) on an unlocked folio");
        int cleaned = 0;
        Rmap.Walk(page, (vma, va) =>
        {
            if (vma.Shared) cleaned += PageVmaMkcleanOne(page, vma, va);
        });
        return cleaned > 0;
    }

    // mm/rmap.c: page_vma_mkclean_one()
    private static int PageVmaMkcleanOne(Page page, Vma vma, int va)
    {
        var mm = vma.Mm;
        var k = mm.Kernel;
        var pt = mm.PageTable;
        long began = k.Tick();
        var range = new MmuNotifierRange(mm, va, va + 1, MmuNotifierEvent.ProtectionPage, vma);
        MmuNotifierInvalidate.Start(range);
        int cleaned = 0;
        pt.Ptl.Lock();
        var pte = pt[va];
        if (pte.IsPresent && pte.Page.Is(page) && (pte.Write || pte.Dirty))
        {
            // ptep_clear_flush(): the entry is gone from every TLB before the clean one is set, so no
            // store goes through an old writable or dirty entry without faulting and dirtying it anew.
            if (!k.Faults.On(Mutant.MkcleanSkipsFlush))
            {
                pt.Set(va, Pte.None);
                TlbFlush.Range(mm, va, va + 1);
            }
            pt.Set(va, pte.Wrprotect().Mkclean());
            cleaned = 1;
        }
        pt.Ptl.Unlock();
        MmuNotifierInvalidate.End(range);
        // A PTE found read-only and clean is skipped without a flush, even when another thread made it
        // so and has not flushed yet (unlike write_protect_page, nothing here reads mm_tlb_flush_pending).
        k.Events.WriteProtectDone(mm, va, va + 1, began, "folio_mkclean", leavesOthersFlushes: true);
        return cleaned;
    }
}
