namespace Torture.Model;

/// <summary>
/// mm/page_idle.c: idle-page tracking for one page, as a working-set estimator drives it: read its
/// bit of /sys/kernel/mm/page_idle/bitmap (idle = not accessed since the last write), then write it
/// to start the next period. Both walk the page's mappings with ptep_clear_young_notify(): the
/// secondary TLBs are not flushed, so a cached secondary entry can be used unseen.
/// </summary>
public static class PageIdle
{
    /// <summary>True when the page read idle; false when it was used, or could not be scanned.</summary>
    [Operation("PageIdleScan", PinsMm = false, Ages = true)]
    public static bool Scan(Kernel k, PageRef target)
    {
        // page_idle_get_folio(): only an LRU page with a reference taken.
        if (target.Page.Pgmap is not null || !k.Pages.TryGet(target, "page_idle")) return false;
        var page = target.Page;
        k.Events.AgingScanBegin("page_idle");
        bool idle = false;
        // page_idle_bitmap_read(): an idle page is checked once more before it is reported.
        if (!page.Has(PageFlags.Idle)) k.Events.AgingScanned(target, young: true, "page_idle_bitmap_read");
        else if (ClearPteRefs(k, target) is not null)
        {
            idle = page.Has(PageFlags.Idle);
            k.Events.AgingScanned(target, !idle, "page_idle_bitmap_read");
        }
        // page_idle_bitmap_write(): what this walk finds young goes to PG_young, for reclaim.
        if (ClearPteRefs(k, target) == true) k.Events.AgingScanned(target, young: true, "page_idle_bitmap_write");
        page.SetFlags(PageFlags.Idle);
        k.Events.AgingScanEnd();
        k.Pages.Put(target, "page_idle");
        Sched.Note($"page_idle: {target} {(idle ? "idle" : "used")}");
        return idle;
    }

    // page_idle_clear_pte_refs(): whether some mapping was young; null when the folio lock a file or
    // KSM page needs was taken (the kernel then reports on without looking: the model does not conclude).
    private static bool? ClearPteRefs(Kernel k, PageRef target)
    {
        var page = target.Page;
        bool needLock = page.AnonVma is null || page.Ksm is not null;
        if (needLock && !page.TryLock()) return null;
        bool referenced = false;
        Rmap.WalkMapped(target, (vma, va) =>
        {
            if (PtepYoung.ClearYoungNotify(vma, va).IsYoung()) referenced = true;
            return true;
        });
        if (needLock) page.Unlock();
        if (referenced)
        {
            page.ClearFlags(PageFlags.Idle);   // folio_clear_idle()
            page.SetFlags(PageFlags.Young);   // folio_set_young()
        }
        return referenced;
    }
}
