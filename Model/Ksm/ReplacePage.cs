namespace Torture.Model;

/// <summary>
/// mm/ksm.c: replace_page(): point the read-only PTE that maps <c>page</c> at the KSM page instead.
/// The old page loses its mapping's reference inside the window, but ksmd's own reference keeps it
/// until after end (§2.6).
/// </summary>
internal static class ReplacePage
{
    public static bool Run(Vma vma, int va, PageRef page, PageRef kpage, Pte orig)
    {
        var mm = vma.Mm;
        var k = mm.Kernel;
        var pt = mm.PageTable;
        bool notify = !k.Faults.On(Mutant.ChangePteWithoutStartEnd);
        var range = new MmuNotifierRange(mm, va, va + 1, MmuNotifierEvent.Clear, vma);
        // Before the PTE changes: listeners drop the old page while it is still mapped (R1).
        if (notify) MmuNotifierInvalidate.Start(range);
        bool ok = false;
        pt.Ptl.Lock();
        // pte_same(): a write fault (COW) or a zap since write_protect_page() leaves the PTE alone.
        if (pt[va] == orig)
        {
            k.Pages.Get(kpage, "replace_page");
            kpage.Page.MapInc();   // folio_add_anon_rmap_pte()
            var entry = Pte.Map(kpage, write: false);
            // ptep_clear_flush(): no CPU may keep reading the old page once the KSM page is mapped.
            pt.Set(va, Pte.None);
            if (!k.Faults.On(Mutant.ReplacePageSkipsFlush)) TlbFlush.Range(mm, va, va + 1);
            if (!notify) MmuNotifierChangePte.Notify(mm, va, entry);
            pt.Set(va, entry);
            page.Page.MapDec();   // folio_remove_rmap_pte()
            k.Pages.Put(page, "replace_page");   // the mapping's reference
            ok = true;
        }
        pt.Ptl.Unlock();
        if (notify) MmuNotifierInvalidate.End(range);
        return ok;
    }
}
