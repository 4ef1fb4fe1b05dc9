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
/// The counts, flags and contents are changed with atomic operations, as the kernel's atomic_t
/// refcount and mapcount and its atomic bitops are: a page mapped by two mms, or taken by GUP-fast,
/// has no lock in common with its other users. The rest changes under the locks the kernel uses.
/// </summary>
public sealed class Page
{
    internal Page(int pfn) => Pfn = pfn;

    public int Pfn { get; }
    public int Generation { get; internal set; }
    public bool Freed { get; internal set; } = true;
    private int refcount, mapcount, flags, isolated;
    private long version;

    /// <summary>folio_ref_count().</summary>
    public int Refcount => Atomic.ReadOnce(ref refcount);
    /// <summary>folio_mapcount(): PTEs that map the page.</summary>
    public int Mapcount => Atomic.ReadOnce(ref mapcount);
    public PageFlags Flags => (PageFlags)Atomic.ReadOnce(ref flags);
    /// <summary>The contents: the value of the last store to reach the frame (0 when zero-filled).</summary>
    public long Version
    {
        get => Atomic.ReadOnce(ref version);
        internal set => Atomic.WriteOnce(ref version, value);
    }

    /// <summary>A frame handed out by the allocator: one reference, no mapping, no flags, zero-filled.</summary>
    internal void Reset()
    {
        Atomic.WriteOnce(ref mapcount, 0);
        Atomic.WriteOnce(ref flags, 0);
        Atomic.WriteOnce(ref version, 0);
        Atomic.WriteOnce(ref refcount, 1);
    }

    /// <summary>folio_ref_inc().</summary>
    internal void RefInc() => Atomic.IncReturn(ref refcount);

    /// <summary>folio_ref_dec_and_test(): true for the last reference.</summary>
    internal bool RefDecAndTest() => Atomic.DecReturn(ref refcount) == 0;

    /// <summary>folio_ref_add_unless(folio, 1, 0): no reference is taken on a page being freed.</summary>
    internal bool RefAddUnlessZero() => Atomic.AddUnlessZero(ref refcount, 1);

    /// <summary>folio_add_*_rmap_pte().</summary>
    internal void MapInc() => Atomic.IncReturn(ref mapcount);

    /// <summary>folio_remove_rmap_pte().</summary>
    internal void MapDec() => Atomic.DecReturn(ref mapcount);

    /// <summary>folio_set_*() (set_bit()).</summary>
    internal void SetFlags(PageFlags f) => Atomic.FetchOr(ref flags, (int)f);

    /// <summary>folio_clear_*() (clear_bit()).</summary>
    internal void ClearFlags(PageFlags f) => Atomic.FetchAnd(ref flags, ~(int)f);
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
    public bool Isolated => Atomic.ReadOnce(ref isolated) != 0;

    /// <summary>folio_isolate_lru() (folio_test_clear_lru()): only one isolator wins; the caller holds a reference. Device memory is never on an LRU.</summary>
    internal bool TryIsolate() => Pgmap is null && Atomic.TryCmpxchg(ref isolated, 0, 1);

    /// <summary>folio_putback_lru() (or the free that ends an isolated folio).</summary>
    internal void Putback() => Atomic.WriteOnce(ref isolated, 0);

    /// <summary>folio_trylock() (test_and_set_bit_lock(PG_locked)): false when someone holds the page lock (no waiting is modelled).</summary>
    internal bool TryLock() => (Atomic.FetchOr(ref flags, (int)PageFlags.Locked) & (int)PageFlags.Locked) == 0;

    /// <summary>folio_unlock().</summary>
    internal void Unlock() => ClearFlags(PageFlags.Locked);

    public override string ToString() => $"page#{Pfn}.g{Generation}";
}
