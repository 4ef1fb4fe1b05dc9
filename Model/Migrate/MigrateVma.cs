namespace Torture.Model;

/// <summary>
/// mm/migrate_device.c: struct migrate_vma for one page of an anonymous VMA, a driver moving it
/// between system RAM and its device-coherent memory. migrate_vma_setup() raises MMU_NOTIFY_MIGRATE
/// with the driver as owner (so its own listener may leave the invalidation to the migration) and
/// turns the PTE into a migration entry; the driver copies; migrate_vma_pages() moves the page's
/// identity; migrate_vma_finalize() points the entry at the new page. The caller holds mmap_lock for read.
/// </summary>
public sealed class MigrateVma
{
    private readonly Kernel k;
    private bool isolated;

    private MigrateVma(Vma vma, int va, object owner, bool selectDevice)
    {
        k = vma.Mm.Kernel;
        Vma = vma;
        Va = va;
        Range = new MmuNotifierRange(vma.Mm, va, va + 1, MmuNotifierEvent.Migrate, vma, owner);
        SelectDevice = selectDevice;
    }

    public Vma Vma { get; }
    public int Va { get; }

    /// <summary>The collect's MIGRATE range (its owner is migrate->pgmap_owner).</summary>
    public MmuNotifierRange Range { get; }

    /// <summary>MIGRATE_VMA_SELECT_DEVICE_COHERENT (the owner's device pages) rather than MIGRATE_VMA_SELECT_SYSTEM.</summary>
    public bool SelectDevice { get; }

    /// <summary>src[0]: the locked page being moved, with the migration's reference; null when nothing was collected.</summary>
    public PageRef? Src { get; private set; }

    /// <summary>MIGRATE_PFN_WRITE: the old PTE was writable, so the new one may be.</summary>
    public bool Write { get; private set; }

    /// <summary>dst[0]: the driver's new page, set by <see cref="Pages"/>, which keeps it only if the move can go on.</summary>
    public PageRef? Dst { get; private set; }

    /// <summary>
    /// migrate_vma_setup(): collect (MIGRATE start, the PTE becomes a migration entry, the TLB flush,
    /// end), then migrate_vma_unmap(): isolate, unmap the page's other mappings, and check that no
    /// other reference is left; a page that fails is mapped back and dropped from the migration.
    /// </summary>
    public static MigrateVma Setup(Vma vma, int va, object owner, bool selectDevice)
    {
        var m = new MigrateVma(vma, va, owner, selectDevice);
        m.Collect();
        if (m.Src is { } src && !m.Unmap(src)) m.Restore(src);
        return m;
    }

    // migrate_vma_collect() -> migrate_vma_collect_pmd() for one PTE.
    private void Collect()
    {
        var mm = Vma.Mm;
        var pt = mm.PageTable;
        MmuNotifierInvalidate.Start(Range);
        pt.Ptl.Lock();
        var pte = pt[Va];
        if (pte.IsPresent && Selects(pte.Page.Page) && pte.Page.Page.TryLock())
        {
            k.Pages.Get(pte.Page, "migrate_vma_collect");
            // ptep_get_and_clear(): the flush waits until the PTL is dropped, but comes before end
            // and before any copy: a store through a stale entry must land before the driver copies.
            pt.Set(Va, Pte.None);
            TryToMigrate.SetMigrationEntry(mm, Va, pte, "migrate_vma_collect");
            Src = pte.Page;
            Write = pte.Write;
        }
        pt.Ptl.Unlock();
        if (Src is not null && !k.Faults.On(Mutant.MigrateVmaSkipsFlush)) TlbFlush.Range(mm, Va, Va + 1);
        MmuNotifierInvalidate.End(Range);
    }

    // migrate_vma_collect_pmd()'s selection: an anonymous page (file pages are refused by
    // migrate_vma_pages(), KSM pages are not the driver's to move) of the memory the flags select.
    private bool Selects(Page page) =>
        page.AnonVma is not null && page.Ksm is null && (SelectDevice ? ReferenceEquals(page.Pgmap, Range.Owner) : page.Pgmap is null);

    // migrate_device_unmap(): system pages come off the LRU; other mappings (a forked child's)
    // become migration entries too; migrate_vma_check_page(): only the migration's reference is left.
    private bool Unmap(PageRef src)
    {
        var page = src.Page;
        if (page.Pgmap is null)
        {
            if (!page.TryIsolate()) return false;
            isolated = true;
        }
        if (page.Mapcount > 0) TryToMigrate.Run(src);
        return page.Mapcount == 0 && page.Refcount == 1;
    }

    // The failure path of migrate_device_unmap() and of the finalize: the entries point at src again.
    private void Restore(PageRef src)
    {
        RemoveMigrationPtes.Run(src, src);
        Release(src);
        Src = null;
    }

    // A page that moved stays isolated until its free; one that stayed goes back to the LRU.
    private void Release(PageRef src)
    {
        src.Page.Unlock();
        k.PageWaitTable.WakeUpAll();   // folio_unlock(): faults sleeping on the migration entries go on
        if (isolated && Dst is null) src.Page.Putback();
        k.Pages.Put(src, "migrate_vma");
    }

    /// <summary>
    /// migrate_vma_pages(): the driver's copied page <paramref name="dst"/> takes src's place in the
    /// reverse map, unless a reference appeared meanwhile (then dst is freed and src stays).
    /// </summary>
    public void Pages(Page dst)
    {
        if (Src is not { } src) return;
        // folio_migrate_mapping()'s refcount freeze: a GUP user may still touch the old page.
        if (src.Page.Mapcount != 0 || src.Page.Refcount != 1)
        {
            k.Pages.Put(dst.Ref, "migrate_vma_pages");
            return;
        }
        MigratePages.MigrateFlags(src.Page, dst);
        Dst = dst.Ref;
    }

    /// <summary>migrate_vma_finalize(): the migration entries point at dst (or at src, when it did not move); the old page goes.</summary>
    public void Finish()
    {
        if (Src is { } src)
        {
            RemoveMigrationPtes.Run(src, Dst ?? src);
            Release(src);
            if (Dst is { } dst) k.Pages.Put(dst, "migrate_vma_finalize");   // dst lives on by its mapping
        }
        k.Events.MigrateVmaFinalized(Range);
    }
}
