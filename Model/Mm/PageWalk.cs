namespace Torture.Model;

/// <summary>include/linux/pagewalk.h: struct mm_walk_ops, reduced to the callbacks the mapping walk uses.</summary>
public abstract class MmWalkOps
{
    /// <summary>->test_walk: true skips the VMA.</summary>
    public virtual bool SkipVma(Vma vma) => false;

    /// <summary>->pre_vma: before the VMA's page table is walked.</summary>
    public virtual void PreVma(Vma vma, int start, int end) { }

    /// <summary>->pte_entry: one PTE, with the PTL held.</summary>
    public abstract void PteEntry(Vma vma, int va);

    /// <summary>->post_vma: after the walk, the PTL dropped.</summary>
    public virtual void PostVma(Vma vma) { }
}

/// <summary>mm/pagewalk.c: walk_page_mapping() (seed 003).</summary>
public static class PageWalk
{
    /// <summary>
    /// Walk every VMA of <paramref name="mapping"/> that maps a page of [firstIndex, firstIndex + nr).
    /// The caller holds i_mmap_rwsem, not any mmap_lock: the mapping may be mapped by several
    /// processes, so the i_mmap tree is what keeps the VMAs alive, and callbacks must not rely on
    /// mutable vm_flags (an mprotect may change them meanwhile) or take mmap_lock themselves.
    /// </summary>
    public static void WalkPageMapping(AddressSpace mapping, int firstIndex, int nr, MmWalkOps ops)
    {
        KernelBug.On(!mapping.IMmapRwsem.IsHeldByCurrent, $"walk_page_mapping({mapping.Name}) without {mapping.IMmapRwsem.Name}");
        int last = firstIndex + nr;
        foreach (var vma in mapping.IMmap)   // vma_interval_tree_foreach()
        {
            int vba = vma.PgOff, vea = vma.PgOff + (vma.End - vma.Start);
            int cba = Math.Max(firstIndex, vba), cea = Math.Min(last, vea);
            if (cba >= cea) continue;
            if (ops.SkipVma(vma)) continue;
            int start = vma.Start + (cba - vba), end = vma.Start + (cea - vba);
            ops.PreVma(vma, start, end);
            // walk_pte_range(): one page-table page, so one PTL hold for the whole span.
            var pt = vma.Mm.PageTable;
            pt.Ptl.Lock();
            for (int va = start; va < end; va++) ops.PteEntry(vma, va);
            pt.Ptl.Unlock();
            // The kernel walks on (more PMDs, its page-table teardown checks) before post_vma: other
            // CPUs run meanwhile, so the PTEs it changed are visible before they are flushed.
            Sched.Yield("walk_page_range: on to post_vma");
            ops.PostVma(vma);
        }
    }
}
