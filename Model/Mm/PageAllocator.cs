namespace Torture.Model;

/// <summary>How a reference to a page is used: the points where a use-after-free shows.</summary>
public enum PageUse
{
    Get,
    Put,
    Read,
    Write,
    SetDirty,
}

/// <summary>
/// mm/page_alloc.c reduced to a LIFO free list, so a freed frame is handed out again at once and a
/// stale reference to it points at somebody else's data, as on a real machine.
/// </summary>
public sealed class PageAllocator
{
    private readonly Kernel kernel;
    private readonly List<Page> frames = new();
    private readonly List<Page> free = new();
    private readonly NativeLock zoneLock = new();   // zone->lock around the free list

    internal PageAllocator(Kernel kernel, int frameCount)
    {
        this.kernel = kernel;
        for (int i = 0; i < frameCount; i++) frames.Add(new Page(i));
        for (int i = frameCount - 1; i >= 0; i--) free.Add(frames[i]);
    }

    public IReadOnlyList<Page> Frames => frames;

    /// <summary>
    /// folio_alloc(): a new page with one reference (the caller's), or null when out of frames; with
    /// <paramref name="pgmap"/>, a page of that driver's device-coherent memory (one pool of frames serves both).
    /// </summary>
    public Page? Alloc(string why, object? pgmap = null)
    {
        kernel.MightAlloc(why);
        Page page;
        using (zoneLock.Hold())
        {
            if (free.Count == 0) return null;
            page = free[^1];
            free.RemoveAt(free.Count - 1);
        }
        page.Reset();
        page.Freed = false;
        page.AnonVma = null;
        page.Mapping = null;
        page.Ksm = null;
        page.Pgmap = pgmap;
        page.Index = 0;
        Sched.Note($"alloc {page} for {why}");
        return page;
    }

    /// <summary>folio_get(): the caller already holds a reference that keeps the page alive.</summary>
    public void Get(PageRef r, string who)
    {
        kernel.Events.PageUse(r, PageUse.Get, who);
        KernelBug.On(!r.IsLive || r.Page.Refcount <= 0, $"folio_get({r}) by {who} on a freed page");
        r.Page.RefInc();
    }

    /// <summary>folio_try_get(): take a reference unless the page was freed (or the frame reused) meanwhile.</summary>
    public bool TryGet(PageRef r, string who)
    {
        if (!r.IsLive || !r.Page.RefAddUnlessZero()) return false;
        // The frame may have been freed and handed out again between the two tests: not ours then.
        if (!r.IsLive)
        {
            if (r.Page.RefDecAndTest()) Free(r.Page, who);
            return false;
        }
        kernel.Events.PageUse(r, PageUse.Get, who);
        return true;
    }

    /// <summary>
    /// folio_try_get() + folio_isolate_lru() + folio_trylock(): how reclaim and migration take a page
    /// to work on. False, holding nothing, when it was freed, another isolator has it, or it is locked.
    /// </summary>
    public bool TryIsolateLocked(PageRef r, string who)
    {
        if (!TryGet(r, who)) return false;
        if (r.Page.TryIsolate())
        {
            if (r.Page.TryLock()) return true;
            r.Page.Putback();
        }
        Put(r, who);
        return false;
    }

    /// <summary>folio_put(): drop a reference; the last one frees the page.</summary>
    public void Put(PageRef r, string who)
    {
        kernel.Events.PageUse(r, PageUse.Put, who);
        KernelBug.On(!r.IsLive || r.Page.Refcount <= 0, $"folio_put({r}) by {who}: bad page state (refcount {r.Page.Refcount}, freed {r.Page.Freed})");
        if (r.Page.RefDecAndTest()) Free(r.Page, who);
    }

    /// <summary>A kernel read of a frame it holds a reference to (copy_user_highpage): data flows out, no user address involved.</summary>
    public void Access(PageRef r, bool write, string via)
    {
        // One access at a time to the checkers, in the order the frame saw them (reentrant: a user access holds it already).
        using var _ = kernel.Events.Delivering.Hold();
        kernel.Events.PageUse(r, write ? PageUse.Write : PageUse.Read, via);
        var page = r.Page;
        page.SetFlags(PageFlags.Referenced);
        // The store dirties the PTE or SPTE it went through, not the page: the kernel moves that bit
        // to the page (folio_mark_dirty) when it clears or cleans the entry.
        if (write) page.Version = kernel.NextStoreValue();
    }

    /// <summary>A load or store issued for (mm, va) that a translation (CPU TLB entry, page walk, SPTE) took to <paramref name="r"/>.</summary>
    public void UserAccess(MmStruct mm, int va, PageRef r, bool write, bool viaWritable, string via, bool exclusive = false)
    {
        using var _ = kernel.Events.Delivering.Hold();
        Access(r, write, via);
        kernel.Events.MemoryAccessed(new MemoryAccess(mm, va, r, write, viaWritable, r.Page.Version, via, exclusive));
    }

    /// <summary>folio_mark_dirty() through a reference someone kept (an SPTE being zapped, a PTE being cleared).</summary>
    public void MarkDirty(PageRef r, string who)
    {
        kernel.Events.PageUse(r, PageUse.SetDirty, who);
        r.Page.SetFlags(PageFlags.Dirty);
    }

    // mm/swap.c: __folio_put() -> free_unref_folios()
    private void Free(Page page, string who)
    {
        kernel.Events.PageFreeing(page, who);
        KernelBug.On(page.Mapcount != 0, $"{page} freed by {who} while still mapped {page.Mapcount} time(s): bad page state");
        Sched.Note($"free {page} (last reference dropped by {who})");
        page.Freed = true;
        page.Generation++;
        page.AnonVma = null;
        page.Mapping = null;
        page.Ksm = null;
        page.Putback();
        using (zoneLock.Hold()) free.Add(page);
    }
}
