namespace Torture.Model;

/// <summary>
/// mm/ksm.c: write_protect_page(): make the page's PTE read-only and clean so that its contents stay
/// what the compare reads, unless a reference beyond the mappings' and ksmd's says someone (O_DIRECT,
/// a GUP user) may still write it.
/// </summary>
internal static class WriteProtectPage
{
    /// <summary>True with the PTE the merge must still find (<paramref name="orig"/>); the caller holds the page lock and a reference.</summary>
    public static bool Run(Vma vma, int va, PageRef page, out Pte orig)
    {
        var mm = vma.Mm;
        var k = mm.Kernel;
        var pt = mm.PageTable;
        long began = k.Tick();
        orig = default;
        bool notify = !k.Faults.On(Mutant.ChangePteWithoutStartEnd);
        var range = new MmuNotifierRange(mm, va, va + 1, MmuNotifierEvent.Clear, vma);
        if (notify) MmuNotifierInvalidate.Start(range);
        bool ok = false;
        pt.Ptl.Lock();
        var pte = pt[va];
        if (pte.IsPresent && pte.Page == page)
        {
            ok = true;
            // mm_tlb_flush_pending(): another thread may have made the PTE read-only without flushing
            // yet, and a CPU may still write through its old entry.
            if (pte.Write || pte.Dirty || mm.TlbFlushPending > 0)
            {
                // ptep_clear_flush(), "no need to notify as we are downgrading page table to read
                // only": no CPU may keep writing once the compare has read the page.
                if (!k.Faults.On(Mutant.KsmWrprotectSkipsFlush))
                {
                    pt.Set(va, Pte.None);
                    TlbFlush.Range(mm, va, va + 1);
                }
                // After the flush, so that no new GUP reference can appear through the entry.
                if (page.Page.Mapcount + 1 != page.Page.Refcount)
                {
                    pt.Set(va, pte);
                    ok = false;
                }
                else
                {
                    if (pte.Dirty) k.Pages.MarkDirty(page, "write_protect_page");
                    var entry = pte.Wrprotect().Mkclean();
                    if (!notify) MmuNotifierChangePte.Notify(mm, va, entry);   // set_pte_at_notify(): listeners before the PTE
                    pt.Set(va, entry);
                }
            }
            orig = pt[va];
        }
        pt.Ptl.Unlock();
        if (notify) MmuNotifierInvalidate.End(range);
        if (ok) k.Events.WriteProtectDone(mm, va, va + 1, began, "write_protect_page");
        return ok;
    }
}
