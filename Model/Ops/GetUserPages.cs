namespace Torture.Model;

/// <summary>mm/gup.c: pin one user page with a reference (get_user_pages_fast, then the slow path).</summary>
public static class GetUserPages
{
    /// <summary>pin_user_pages() then unpin_user_page(): a driver pinning a user page for a moment (no DMA modelled).</summary>
    [Operation("PinUserPage")]
    public static bool PinUserPage(MmStruct mm, int va, bool write)
    {
        if (Run(mm, va, write, "pin_user_pages", out _, pin: true) is not { } page) return false;
        mm.Kernel.Pages.Put(page, "unpin_user_page");
        return true;
    }

    /// <summary>
    /// The page mapped at <paramref name="va"/> with a new reference, faulting it in if needed; null on
    /// failure. <paramref name="pin"/>: FOLL_PIN (pin_user_pages), which must not race with fork.
    /// </summary>
    public static PageRef? Run(MmStruct mm, int va, bool write, string who, out bool writable, bool pin = false)
    {
        var k = mm.Kernel;
        var pt = mm.PageTable;
        if (GupFast(mm, va, write, who, pin) is { } fast)
        {
            writable = fast.Write;
            return fast.Page;
        }
        // The slow path: fault the page in under mmap_lock, then follow the PTE under the PTL.
        mm.MmapLock.DownRead();
        for (int attempt = 0; attempt < 2; attempt++)
        {
            var vma = mm.FindVma(va);
            if (vma is null) break;
            pt.Ptl.Lock();
            var pte = pt[va];
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

    /// <summary>
    /// mm/gup.c: gup_fast() -> gup_fast_pte_range(): read the PTE without locks, grab the folio, then
    /// read the PTE again, each a memory access other CPUs race with; any change means the slow path.
    /// </summary>
    private static (PageRef Page, bool Write)? GupFast(MmStruct mm, int va, bool write, string who, bool pin)
    {
        var k = mm.Kernel;
        var pt = mm.PageTable;
        // raw_read_seqcount(): fork is write-protecting this mm; the slow path will wait for it.
        long seq = mm.WriteProtectSeq;
        if (pin && (seq & 1) != 0) return SlowPath(mm, va, "fork in progress");
        Sched.Yield("gup_fast: ptep_get_lockless");
        var pte = pt[va];
        if (!pte.Allows(write)) return SlowPath(mm, va, $"PTE {pte}");
        Sched.Yield("gup_fast: try_grab_folio_fast");
        // folio_try_get(): a page freed since the read has no reference left to take.
        if (!k.Pages.TryGet(pte.Page, who)) return SlowPath(mm, va, $"{pte.Page} freed");
        Sched.Yield("gup_fast: recheck the PTE");
        // The PTE moved since it was read: the folio grabbed may be reused memory, not the one mapped.
        // A pin also retries when a fork ran meanwhile (read_seqcount_retry()).
        if (pt[va] != pte || (pin && mm.WriteProtectSeq != seq))
        {
            k.Pages.Put(pte.Page, who);
            return SlowPath(mm, va, "PTE changed under the walk");
        }
        Sched.Note($"gup_fast {mm.Name} va{va}: got {pte.Page} for {who}");
        return (pte.Page, pte.Write);
    }

    private static (PageRef Page, bool Write)? SlowPath(MmStruct mm, int va, string why)
    {
        Sched.Note($"gup_fast {mm.Name} va{va}: {why}, slow path");
        return null;
    }
}
