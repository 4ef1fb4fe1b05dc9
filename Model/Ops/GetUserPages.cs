namespace Torture.Model;

/// <summary>mm/gup.c: pin one user page with a reference (get_user_pages_fast, then the slow path).</summary>
public static class GetUserPages
{
    /// <summary>pin_user_pages() then unpin_user_page(): a driver pinning a user page for a moment (no DMA modelled).</summary>
    [Operation("PinUserPage")]
    public static bool PinUserPage(MmStruct mm, int va, bool write)
    {
        if (Run(mm, va, write, "pin_user_pages", out _) is not { } page) return false;
        mm.Kernel.Pages.Put(page, "unpin_user_page");
        return true;
    }

    /// <summary>The page mapped at <paramref name="va"/> with a new reference, faulting it in if needed; null on failure.</summary>
    public static PageRef? Run(MmStruct mm, int va, bool write, string who, out bool writable)
    {
        var k = mm.Kernel;
        var pt = mm.PageTable;
        // gup_fast: a lockless walk with interrupts off (so no TLB shootdown completes meanwhile),
        // then grab a reference and re-check the PTE: together atomic, one scheduling point.
        Sched.Yield("gup_fast walk");
        var pte = pt[va];
        if (pte.Allows(write) && k.Pages.TryGet(pte.Page, who))
        {
            Sched.Note($"gup_fast {mm.Name} va{va}: got {pte.Page} for {who}");
            writable = pte.Write;
            return pte.Page;
        }
        Sched.Note($"gup_fast {mm.Name} va{va}: PTE {pte}, slow path");
        // The slow path: fault the page in under mmap_lock, then follow the PTE under the PTL.
        mm.MmapLock.DownRead();
        for (int attempt = 0; attempt < 2; attempt++)
        {
            var vma = mm.FindVma(va);
            if (vma is null) break;
            pt.Ptl.Lock();
            pte = pt[va];
            if (pte.Allows(write))
            {
                k.Pages.Get(pte.Page, who);
                Sched.Note($"gup {mm.Name} va{va}: got {pte.Page} for {who}");
                pt.Ptl.Unlock();
                mm.MmapLock.UpRead();
                writable = pte.Write;
                return pte.Page;
            }
            pt.Ptl.Unlock();
            if (HandleMmFault.Run(vma, va, write) != VmFault.Done) break;
        }
        mm.MmapLock.UpRead();
        writable = false;
        return null;
    }
}
