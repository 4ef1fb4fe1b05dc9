namespace Torture.Model;

/// <summary>mm/page-writeback.c: write_cache_pages() over a file range (WB_SYNC_NONE: a locked folio is skipped).</summary>
public static class Writeback
{
    /// <summary>The number of pages written out.</summary>
    [Operation("Writeback", PinsMm = false)]
    public static int Run(AddressSpace file, int start, int end)
    {
        var k = file.Kernel;
        int written = 0;
        for (int index = start; index < end; index++)
        {
            if (file.CachedPage(index) is not { } cached || !k.Pages.TryGet(cached, "writeback")) continue;
            var page = cached.Page;
            if (page.TryLock())
            {
                if (ClearDirtyForIo(k, cached))
                {
                    file.WritePage(page, "writeback");
                    written++;
                }
                page.Unlock();
            }
            k.Pages.Put(cached, "writeback");
        }
        return written;
    }

    // folio_clear_dirty_for_io(): the PTEs' dirty bits move to the folio first (folio_mkclean also
    // write-protects, so a later store faults and dirties the folio again), then the folio's bit is
    // tested and cleared: what is written out includes every store made before.
    private static bool ClearDirtyForIo(Kernel k, PageRef page)
    {
        if (FolioMkclean.Run(page.Page) && !k.Faults.On(Mutant.MkcleanResultIgnored))
            k.Pages.MarkDirty(page, "folio_clear_dirty_for_io");
        bool dirty = page.Page.Has(PageFlags.Dirty);
        page.Page.ClearFlags(PageFlags.Dirty);
        return dirty;
    }
}
