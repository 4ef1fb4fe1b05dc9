namespace Torture.Model;

/// <summary>mm/vmscan.c: shrink_folio_list() for one folio: isolate, lock, check references, unmap, flush, remove from its cache, free.</summary>
public static class Reclaim
{
    /// <summary>
    /// reclaim_pages() (MADV_PAGEOUT): shrink_folio_list() with ignore_references, so the folio goes
    /// whether or not it was used. True when the page was freed. <paramref name="batchFlush"/>:
    /// TTU_BATCH_FLUSH (the deferred TLB flush).
    /// </summary>
    [Operation("Reclaim", PinsMm = false)]
    public static bool Run(Kernel k, PageRef target, bool batchFlush) => Shrink(k, target, batchFlush, references: null);

    /// <summary>
    /// kswapd's shrink_folio_list(): folio_check_references() first, so a folio whose mappings (or
    /// their secondary MMUs) were used since the last scan is kept; <paramref name="lookAround"/>: MGLRU.
    /// </summary>
    [Operation("Kswapd", PinsMm = false, Ages = true)]
    public static bool Kswapd(Kernel k, PageRef target, bool batchFlush, bool lookAround) => Shrink(k, target, batchFlush, references: lookAround);

    // references: null to ignore them, else whether MGLRU looks around.
    private static bool Shrink(Kernel k, PageRef target, bool batchFlush, bool? references)
    {
        // A page freed (or its frame reused), isolated by another reclaimer or a migrator, or locked is not ours to reclaim.
        if (!k.Pages.TryIsolateLocked(target, "reclaim")) return false;
        var page = target.Page;
        Sched.Note($"reclaim {target}");
        if (references is { } lookAround && Referenced(k, target, lookAround))
        {
            Sched.Note($"reclaim {target}: referenced, kept");
            page.Unlock();
            page.Putback();
            k.Pages.Put(target, "reclaim");
            return false;
        }

        var batch = batchFlush ? new TlbFlushUnmapBatch() : null;
        // Before 013339df116c reclaim let try_to_unmap_one() check the accessed bits once more, inside
        // its invalidate_range_start/end: by then a listener that unmaps in start has lost them (B9).
        TryToUnmap.Run(target, batch, ignoreAccess: references is null || !k.Faults.On(Mutant.YoungCheckAfterStart));
        bool freed = false;
        // try_to_unmap_flush(): no CPU may still reach the page through a stale TLB entry once it is
        // freed, and shrink_folio_list() flushes at its end even for a folio it keeps, so no PTE this
        // reclaim cleared outlives it in a TLB.
        batch?.Flush();
        if (page.Mapcount == 0) freed = RemoveMapping(k, page);
        page.Unlock();
        if (!freed) page.Putback();
        k.Pages.Put(target, "reclaim");
        return freed;
    }

    // folio_check_references(): a referenced PTE keeps (activates) the folio, so does an mlocked mapping.
    private static bool Referenced(Kernel k, PageRef target, bool lookAround)
    {
        k.Events.AgingScanBegin("folio_check_references");
        int? referenced = FolioReferenced.Run(k, target, lookAround);
        k.Events.AgingScanEnd();
        if (referenced > 0) target.Page.SetFlags(PageFlags.Referenced);   // folio_set_referenced()
        return referenced != 0;
    }

    // mm/vmscan.c: __remove_mapping(): freeze the refcount at ours plus the cache's; any other
    // reference (GUP, KVM's fault in flight) keeps the page.
    private static bool RemoveMapping(Kernel k, Page page)
    {
        int expected = 1 + (page.Mapping is not null ? 1 : 0);
        using var _ = page.Mapping?.IPages.Hold() ?? default;
        if (page.Refcount != expected)
        {
            Sched.Note($"reclaim {page}: refcount {page.Refcount} != {expected}, kept");
            return false;
        }
        page.Mapping?.RemoveFromPageCache(page);
        return true;
    }
}
