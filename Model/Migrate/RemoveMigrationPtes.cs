namespace Torture.Model;

/// <summary>
/// mm/migrate.c: remove_migration_ptes(): every migration entry of <c>src</c> becomes a PTE of
/// <c>dst</c> (the new page, or <c>src</c> itself when the move failed). A mapping is only being
/// established, so no listener is told (R5 case A).
/// </summary>
internal static class RemoveMigrationPtes
{
    public static void Run(PageRef src, PageRef dst) => Rmap.Walk(dst.Page, (vma, va) => One(src, dst, vma, va));

    // mm/migrate.c: remove_migration_pte()
    private static void One(PageRef src, PageRef dst, Vma vma, int va)
    {
        var pt = vma.Mm.PageTable;
        pt.Ptl.Lock();
        var entry = pt[va];
        if (entry.Kind == PteKind.Migration && entry.Page == src)
        {
            vma.Mm.Kernel.Pages.Get(dst, "remove_migration_pte");
            dst.Page.MapInc();   // folio_add_anon_rmap_pte() / folio_add_file_rmap_pte()
            // pte_mkold(), write only for a writable entry; the dirty bit stayed on the folio.
            pt.Set(va, Pte.Map(dst, entry.Write) with { Dirty = false, Young = false, SoftDirty = entry.SoftDirty });
        }
        pt.Ptl.Unlock();
    }
}
