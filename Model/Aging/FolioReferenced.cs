namespace Torture.Model;

/// <summary>
/// mm/rmap.c: folio_referenced(): how many of the folio's mappings were used since the last check,
/// each mapping's accessed bit and its secondary MMUs' test-and-cleared under its PTL
/// (folio_referenced_one()); with MGLRU (<paramref name="lookAround"/>) lru_gen_look_around() does it
/// and ages the neighbours too. Null when a VM_LOCKED mapping ended the walk (the folio stays).
/// </summary>
public static class FolioReferenced
{
    /// <summary>The caller holds a reference and the folio lock.</summary>
    public static int? Run(Kernel k, PageRef target, bool lookAround)
    {
        var page = target.Page;
        int referenced = 0;
        bool mlocked = false;
        Rmap.WalkMapped(target, (vma, va) =>
        {
            if ((vma.Flags & VmFlags.Locked) != 0)
            {
                mlocked = true;
                return false;
            }
            if (lookAround ? LruGenLookAround.Run(vma, va) : PtepYoung.ClearFlushYoungNotify(vma, va).IsYoung()) referenced++;
            return true;
        });
        if (mlocked) return null;
        if (referenced > 0) page.ClearFlags(PageFlags.Idle);   // folio_clear_idle()
        // folio_test_clear_young(): an idle-page scan moved the accessed bits here.
        if (page.Has(PageFlags.Young))
        {
            page.ClearFlags(PageFlags.Young);
            referenced++;
        }
        k.Events.AgingScanned(target, referenced > 0, "folio_referenced");
        return referenced;
    }
}
