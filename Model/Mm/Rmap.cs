namespace Torture.Model;

/// <summary>
/// mm/rmap.c: rmap_walk(): every (vma, address) that may map a page, each kind of reverse map under
/// the lock that keeps its VMA list stable. The callback checks the PTE itself (page_vma_mapped_walk):
/// a candidate address need not map the page any more.
/// </summary>
internal static class Rmap
{
    /// <summary>
    /// rmap_walk() with page_vma_mapped_walk(): <paramref name="one"/> runs under the PTL of each
    /// mapping whose PTE still maps <paramref name="target"/>; returning false stops the walk (an
    /// rmap_one that returns false), and the mappings after it are not locked at all.
    /// </summary>
    public static void WalkMapped(PageRef target, Func<Vma, int, bool> one)
    {
        bool stopped = false;
        Walk(target.Page, (vma, va) =>
        {
            if (stopped) return;
            var pt = vma.Mm.PageTable;
            pt.Ptl.Lock();
            if (pt[va].IsPresent && pt[va].Page == target) stopped = !one(vma, va);
            pt.Ptl.Unlock();
        });
    }

    public static void Walk(Page page, Action<Vma, int> one)
    {
        // rmap_walk_anon() under folio_lock_anon_vma_read(), rmap_walk_file() under i_mmap_rwsem:
        // the VMA list cannot change while we walk it.
        if (page.Ksm is { } node) WalkKsm(node, one);
        else if (page.AnonVma is { } av) WalkLinear(av.Rwsem, av.Vmas, page, one);
        else if (page.Mapping is { } mapping) WalkLinear(mapping.IMmapRwsem, mapping.IMmap, page, one);
    }

    // Anon and file pages sit at their linear index in every VMA that maps them (vma_address()).
    private static void WalkLinear(RwSemaphore rmapLock, IReadOnlyList<Vma> vmas, Page page, Action<Vma, int> one)
    {
        rmapLock.DownRead();
        foreach (var vma in vmas)
        {
            int va = vma.AddressOf(page);
            if (va >= 0) one(vma, va);
        }
        rmapLock.UpRead();
    }

    // mm/ksm.c: rmap_walk_ksm(): a KSM page has no linear index; each rmap_item names the address it
    // was merged at, and every VMA of that item's anon_vma covering it (forks included) may map it.
    private static void WalkKsm(KsmStableNode node, Action<Vma, int> one)
    {
        foreach (var (av, va) in node.RmapItems)
        {
            av.Rwsem.DownRead();
            foreach (var vma in av.Vmas)
            {
                if (vma.Contains(va)) one(vma, va);
            }
            av.Rwsem.UpRead();
        }
    }
}
