namespace Torture.Model;

/// <summary>include/linux/fs.h: struct address_space: the page cache of a file and the VMAs mapping it.</summary>
public sealed class AddressSpace
{
    private readonly List<Vma> iMmap = new(2);
    // Slots are replaced whole under IPages and read without it (a checker's look must not wait on a
    // lock held while an event is reported).
    private readonly Slot?[] pageCache;

    private sealed record Slot(PageRef Ref);
    /// <summary>The file's contents on disk, per index: what a page read in starts with.</summary>
    private readonly long[] backing;

    internal AddressSpace(Kernel kernel, string name, int pages, bool hugetlb)
    {
        Kernel = kernel;
        Name = name;
        Hugetlb = hugetlb;
        // hugetlbfs mappings have their own lock class, ordered before every other i_mmap_rwsem (88f306b68cbb).
        IMmapRwsem = new RwSemaphore(hugetlb ? "hugetlbfs_i_mmap_rwsem_key" : "i_mmap_rwsem", name);
        pageCache = new Slot?[pages];
        backing = new long[pages];
    }

    public Kernel Kernel { get; }
    public string Name { get; }
    public bool Hugetlb { get; }
    public RwSemaphore IMmapRwsem { get; }

    /// <summary>AS_MM_ALL_LOCKS in mapping->flags: i_mmap_rwsem is held by mm_take_all_locks().</summary>
    public bool MmAllLocks { get; internal set; }

    /// <summary>mapping->i_mmap: the VMAs mapping this file.</summary>
    public IReadOnlyList<Vma> IMmap => iMmap;

    public int Size => pageCache.Length;

    /// <summary>
    /// The i_pages (xarray) lock: the page cache's slots change under it, and reclaim's refcount
    /// freeze is taken under it. Lookups take it too where the kernel's are lockless (RCU, then
    /// folio_try_get() and a recheck of the slot): the same outcome, in one step on real threads.
    /// </summary>
    internal NativeLock IPages { get; } = new();

    public PageRef? CachedPage(int index) => Atomic.ReadOnce(ref pageCache[index])?.Ref;

    /// <summary>The contents the backing store (disk, or a DRM driver's device copy) holds for a page.</summary>
    public long OnDisk(int index) => backing[index];

    /// <summary>The write-out itself (instantaneous: no writeback I/O is modelled).</summary>
    internal void WritePage(Page page, string who)
    {
        backing[page.Index] = page.Version;
        Sched.Note($"{who} writes {Name} index {page.Index} out: v{page.Version}");
    }

    internal void Link(Vma vma) => iMmap.Add(vma);

    internal void Unlink(Vma vma) => iMmap.Remove(vma);

    /// <summary>mm/filemap.c: filemap_fault(): the cached page (read in if absent) with a new reference for the caller.</summary>
    public PageRef? GetPage(int index, string who)
    {
        using var _ = IPages.Hold();
        if (pageCache[index]?.Ref is not { } cached)
        {
            var page = Kernel.Pages.Alloc($"{Name} page cache index {index}");
            if (page is null) return null;
            page.Mapping = this;
            page.Index = index;
            page.Version = backing[index];   // readahead: the page starts with what is on disk
            cached = page.Ref;
            Atomic.WriteOnce(ref pageCache[index], new Slot(cached));   // the page cache keeps the allocation's reference
        }
        Kernel.Pages.Get(cached, who);
        return cached;
    }

    /// <summary>mm/migrate.c: __folio_migrate_mapping(): the page cache's slot, its reference and the dirty bit move to the new folio.</summary>
    internal void MigrateFolio(Page src, Page dst)
    {
        using var _ = IPages.Hold();
        var old = pageCache[src.Index]!.Ref;
        Kernel.Pages.Get(dst.Ref, "page cache");
        dst.Mapping = this;
        dst.Index = src.Index;
        Atomic.WriteOnce(ref pageCache[src.Index], new Slot(dst.Ref));
        if (src.Has(PageFlags.Dirty))
        {
            src.ClearFlags(PageFlags.Dirty);
            dst.SetFlags(PageFlags.Dirty);
        }
        Kernel.Pages.Put(old, "page cache");
    }

    /// <summary>mm/filemap.c: __filemap_remove_folio(): drop the page cache's reference (the caller froze the refcount).</summary>
    internal void RemoveFromPageCache(Page page)
    {
        using var _ = IPages.Hold();
        var r = pageCache[page.Index]!.Ref;
        // pageout(): a dirty page is written back before it leaves the cache; a clean one is dropped,
        // its contents being on disk already (only a lost dirty bit makes them differ).
        bool dirty = page.Has(PageFlags.Dirty);
        if (dirty) WritePage(page, "pageout");
        Kernel.Events.PageCacheRemoving(page, dirty);
        Atomic.WriteOnce(ref pageCache[page.Index], null);
        Kernel.Pages.Put(r, "page cache");
    }
}
