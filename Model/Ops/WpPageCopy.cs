namespace Torture.Model;

/// <summary>
/// mm/memory.c: wp_page_copy(): copy-on-write. The PTE is re-pointed to a new page and the old one
/// may be freed before end, so this is R5 case B: start before the PTL; under it clear the PTE and
/// flush (ptep_clear_flush) before the new PTE is set.
/// </summary>
public static class WpPageCopy
{
    /// <summary>The caller holds a reference on <paramref name="orig"/>'s page (do_wp_page() took it under the PTL); dropped here.</summary>
    public static VmFault Run(Vma vma, int va, Pte orig)
    {
        var mm = vma.Mm;
        var k = mm.Kernel;
        var pt = mm.PageTable;
        var old = orig.Page;
        var copy = k.Pages.Alloc($"COW {mm.Name} va{va}");
        if (copy is null)
        {
            k.Pages.Put(old, "wp_page_copy");
            return VmFault.Oom;
        }
        k.Pages.Access(old, write: false, "copy_user_highpage");
        copy.Version = old.Page.Version;
        copy.AnonVma = vma.AnonVma;
        copy.Index = vma.LinearPageIndex(va);
        copy.SetFlags(PageFlags.SwapBacked);

        var range = new MmuNotifierRange(mm, va, va + 1, MmuNotifierEvent.Clear, vma);
        // Before the PTL and before the PTE changes: the listeners must drop the old page's
        // translations while it is still mapped and referenced (R1).
        MmuNotifierInvalidate.Start(range);
        pt.Ptl.Lock();
        PageRef drop;
        if (pt[va] == orig)
        {
            // ptep_clear_flush(): no CPU may reach the old page once the new one is visible (R5).
            pt.Set(va, Pte.None);
            if (!k.Faults.On(Mutant.CowSkipsTlbFlush)) TlbFlush.Range(mm, va, va + 1);
            copy.MapInc();
            pt.Set(va, Pte.Map(copy.Ref, write: true));
            old.Page.MapDec();   // folio_remove_rmap_pte(): the mapping's reference is dropped below
            drop = old;
        }
        else
        {
            drop = copy.Ref;   // raced: the copy was never mapped
        }
        pt.Ptl.Unlock();
        MmuNotifierInvalidate.End(range);
        k.Pages.Put(drop, "wp_page_copy");
        k.Pages.Put(old, "wp_page_copy");
        return VmFault.Done;
    }
}
