namespace Torture.Model;

/// <summary>
/// mm/rmap.c: try_to_migrate(): replace every PTE of a locked page by a migration entry, with the
/// listeners told and the TLBs flushed there, before anything is copied (7066f0f933a1).
/// </summary>
internal static class TryToMigrate
{
    public static void Run(PageRef page) => Rmap.Walk(page.Page, (vma, va) => One(page, vma, va));

    // mm/rmap.c: try_to_migrate_one()
    private static void One(PageRef target, Vma vma, int va)
    {
        var mm = vma.Mm;
        var k = mm.Kernel;
        var pt = mm.PageTable;
        var range = new MmuNotifierRange(mm, va, va + 1, MmuNotifierEvent.Clear, vma);
        bool notify = !k.Faults.On(Mutant.MigrateSkipsInvalidate);
        // Before the PTL, while the page is mapped: listeners must drop it before it can be freed (R1).
        if (notify) MmuNotifierInvalidate.Start(range);
        pt.Ptl.Lock();
        var pte = pt[va];
        if (pte.IsPresent && pte.Page == target)
        {
            // ptep_clear_flush(): no CPU may store to the old page once the copy can begin.
            pt.Set(va, Pte.None);
            TlbFlush.Range(mm, va, va + 1);
            SetMigrationEntry(mm, va, pte, "try_to_migrate_one");
        }
        pt.Ptl.Unlock();
        if (notify) MmuNotifierInvalidate.End(range);
    }

    /// <summary>
    /// Under the PTL, after <paramref name="cleared"/> was cleared from va: its dirty bit moves to the
    /// page, the migration entry takes its place, and the mapping's rmap and reference go (the migrator holds its own).
    /// </summary>
    internal static void SetMigrationEntry(MmStruct mm, int va, Pte cleared, string who)
    {
        var page = cleared.Page;
        if (cleared.Dirty) mm.Kernel.Pages.MarkDirty(page, who);
        mm.PageTable.Set(va, Pte.MigrationEntry(cleared));
        page.Page.MapDec();   // folio_remove_rmap_pte()
        mm.Kernel.Pages.Put(page, who);
    }
}
