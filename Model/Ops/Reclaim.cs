namespace Torture.Model;

/// <summary>mm/vmscan.c: shrink_folio_list() for one folio: isolate, lock, unmap, flush, remove from its cache, free.</summary>
public static class Reclaim
{
    /// <summary>True when the page was freed. <paramref name="batchFlush"/>: TTU_BATCH_FLUSH (the deferred TLB flush).</summary>
    [Operation("Reclaim", PinsMm = false)]
    public static bool Run(Kernel k, PageRef target, bool batchFlush)
    {
        // A page freed (or its frame reused), isolated by another reclaimer or a migrator, or locked is not ours to reclaim.
        if (!k.Pages.TryIsolateLocked(target, "reclaim")) return false;
        var page = target.Page;
        Sched.Note($"reclaim {target}");

        var batch = batchFlush ? new TlbFlushUnmapBatch() : null;
        TryToUnmap.Run(target, batch);
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

    // mm/vmscan.c: __remove_mapping(): freeze the refcount at ours plus the cache's; any other
    // reference (GUP, KVM's fault in flight) keeps the page.
    private static bool RemoveMapping(Kernel k, Page page)
    {
        int expected = 1 + (page.Mapping is not null ? 1 : 0);
        if (page.Refcount != expected)
        {
            Sched.Note($"reclaim {page}: refcount {page.Refcount} != {expected}, kept");
            return false;
        }
        page.Mapping?.RemoveFromPageCache(page);
        return true;
    }
}
