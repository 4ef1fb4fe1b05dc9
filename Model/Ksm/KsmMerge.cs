namespace Torture.Model;

/// <summary>
/// mm/ksm.c: cmp_and_merge_page() -> try_to_merge_two_pages(), for two anonymous pages of one mm:
/// ksmd found the page at <c>va2</c> (its unstable-tree match) for the page at <c>va</c>. The first
/// is write-protected and becomes the KSM page; the second is write-protected, compared, and replaced
/// by it. Every anonymous VMA counts as VM_MERGEABLE.
/// </summary>
public static class KsmMerge
{
    /// <summary>True when va2 now maps the KSM page at va.</summary>
    [Operation("KsmMerge")]
    public static bool Run(MmStruct mm, int va, int va2)
    {
        if (va == va2) return false;
        // ksmd holds mmap_lock for read while it works on an mm's pages: no VMA goes away meanwhile.
        mm.MmapLock.DownRead();
        bool merged = false;
        if (mm.FindVma(va) is { IsAnonymous: true } vma && mm.FindVma(va2) is { IsAnonymous: true } vma2
            && GetMergeablePage(vma, va) is { } kpage)
        {
            if (GetMergeablePage(vma2, va2) is { } page)
            {
                merged = page != kpage && TryToMergeTwoPages(vma, va, kpage, vma2, va2, page);
                mm.Kernel.Pages.Put(page, "ksmd");
            }
            mm.Kernel.Pages.Put(kpage, "ksmd");
        }
        mm.MmapLock.UpRead();
        return merged;
    }

    // get_mergeable_page(): follow_page() under the PTL: the anonymous page va maps, with a reference (not device memory: is_zone_device_page()).
    private static PageRef? GetMergeablePage(Vma vma, int va)
    {
        var pt = vma.Mm.PageTable;
        pt.Ptl.Lock();
        var pte = pt[va];
        PageRef? page = null;
        if (pte.IsPresent && pte.Page.Page.Mapping is null && pte.Page.Page.Pgmap is null)
        {
            vma.Mm.Kernel.Pages.Get(pte.Page, "ksmd");
            page = pte.Page;
        }
        pt.Ptl.Unlock();
        return page;
    }

    // try_to_merge_two_pages(): both pages stay locked, so neither reclaim nor migration walks the
    // KSM page's reverse map before it lists both mappings (the model's simplification of the
    // kernel's separate steps; Model/README.md).
    private static bool TryToMergeTwoPages(Vma vma, int va, PageRef kpage, Vma vma2, int va2, PageRef page)
    {
        var k = vma.Mm.Kernel;
        if (!kpage.Page.TryLock()) return false;
        if (!page.Page.TryLock())
        {
            kpage.Page.Unlock();
            return false;
        }
        bool merged = false;
        // try_to_merge_one_page(vma, kpage, NULL): read-only first, then it is a KSM page; KSM marks
        // it dirty so that reclaim writes it to swap rather than dropping it.
        if (WriteProtectPage.Run(vma, va, kpage, out _))
        {
            var node = kpage.Page.Ksm ??= new KsmStableNode();
            node.Append(vma.AnonVma!, va);
            k.Pages.MarkDirty(kpage, "ksm");
            // try_to_merge_one_page(vma2, page, kpage): the compare reads only pages no CPU can write
            // any more, so it comes after write_protect_page(), never before.
            bool early = k.Faults.On(Mutant.KsmCompareBeforeWrprotect);
            bool identical = early && PagesIdentical(k, page, kpage);
            if (WriteProtectPage.Run(vma2, va2, page, out var orig))
            {
                if (!early) identical = PagesIdentical(k, page, kpage);
                if (identical)
                {
                    node.Append(vma2.AnonVma!, va2);   // before the PTE points at it: the rmap must find every mapping
                    merged = ReplacePage.Run(vma2, va2, page, kpage, orig);
                }
            }
            // break_cow(): a KSM page nobody else shares goes back to being an ordinary anonymous page.
            if (!merged && node.RmapItems.Count == 1) kpage.Page.Ksm = null;
        }
        page.Page.Unlock();
        kpage.Page.Unlock();
        return merged;
    }

    // pages_identical() -> memcmp_pages()
    private static bool PagesIdentical(Kernel k, PageRef a, PageRef b)
    {
        k.Pages.Access(a, write: false, "memcmp_pages");
        k.Pages.Access(b, write: false, "memcmp_pages");
        return a.Page.Version == b.Page.Version;
    }
}
