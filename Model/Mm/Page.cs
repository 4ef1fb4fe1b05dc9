namespace Torture.Model;

[Flags]
public enum PageFlags
{
    None = 0,
    Dirty = 1,
    Referenced = 2,
    Locked = 4,
    SwapBacked = 8,
    /// <summary>PG_young: an idle-page scan found the page accessed and cleared the PTE bits; folio_referenced() counts it.</summary>
    Young = 16,
    /// <summary>PG_idle: set by a write to /sys/kernel/mm/page_idle/bitmap, cleared by whoever sees the page used.</summary>
    Idle = 32,
}

/// <summary>
/// include/linux/mm_types.h: struct folio, one base page per folio. A frame outlives its uses: when
/// it is freed its <see cref="Generation"/> moves on, so a reference kept across the free is stale.
/// Fields are plain: the model changes them under the locks the kernel uses (or atomically between two
/// scheduling points, as the kernel's atomic refcount ops are).
/// </summary>
public sealed class Page
{
    internal Page(int pfn) => Pfn = pfn;

    public int Pfn { get; }
    public int Generation { get; internal set; }
    public bool Freed { get; internal set; } = true;
    /// <summary>folio_ref_count().</summary>
    public int Refcount { get; internal set; }
    /// <summary>folio_mapcount(): PTEs that map the page.</summary>
    public int Mapcount { get; internal set; }
    public PageFlags Flags { get; internal set; }
    /// <summary>The contents: the value of the last store to reach the frame (0 when zero-filled).</summary>
    public long Version { get; internal set; }
    /// <summary>folio->mapping for an anon folio (PAGE_MAPPING_ANON).</summary>
    public AnonVma? AnonVma { get; internal set; }
    /// <summary>folio->mapping for a page-cache folio.</summary>
    public AddressSpace? Mapping { get; internal set; }
    /// <summary>folio->index: the file offset, or the linear virtual page for anon.</summary>
    public int Index { get; internal set; }
    /// <summary>folio_test_ksm(): the page was merged by KSM; its reverse map is the stable node's.</summary>
    public KsmStableNode? Ksm { get; internal set; }
    /// <summary>folio->pgmap->owner of a MEMORY_DEVICE_COHERENT page (is_device_coherent_page()): the driver whose memory this is; null for system RAM.</summary>
    public object? Pgmap { get; internal set; }

    public PageRef Ref => new(this, Generation);

    public bool Has(PageFlags f) => (Flags & f) != 0;

    /// <summary>Off the LRU in one isolator's hands (PG_lru cleared): reclaim or migration is working on it.</summary>
    public bool Isolated { get; private set; }

    /// <summary>folio_isolate_lru(): only one isolator wins; the caller holds a reference. Device memory is never on an LRU.</summary>
    internal bool TryIsolate()
    {
        if (Isolated || Pgmap is not null) return false;
        Isolated = true;
        return true;
    }

    /// <summary>folio_putback_lru() (or the free that ends an isolated folio).</summary>
    internal void Putback() => Isolated = false;

    /// <summary>folio_trylock(): false when someone holds the page lock (PG_locked; no waiting is modelled).</summary>
    internal bool TryLock()
    {
        if (Has(PageFlags.Locked)) return false;
        Flags |= PageFlags.Locked;
        return true;
    }

    /// <summary>folio_unlock().</summary>
    internal void Unlock() => Flags &= ~PageFlags.Locked;

    public override string ToString() => $"page#{Pfn}.g{Generation}";
}
