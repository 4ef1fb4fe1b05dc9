namespace Torture.Model;

/// <summary>
/// Device-exclusive entries (mm/rmap.c: make_device_exclusive(); mm/memory.c:
/// remove_device_exclusive_entry()): a device gets a page to itself for atomics the CPU cannot see
/// through; a CPU access faults and takes it back. Both sides raise MMU_NOTIFY_EXCLUSIVE, the first
/// with the caller as owner so that its own listener can skip it (seed 004's "contextual information").
/// </summary>
public static class DeviceExclusive
{
    /// <summary>
    /// make_device_exclusive(): the anonymous page at va, locked and with a reference for the caller,
    /// its PTE now a device-exclusive entry; null when there is none or it raced. The kernel's caller
    /// holds mmap_lock (read) throughout; the model's GUP takes it itself, so the VMA is looked up again.
    /// </summary>
    public static PageRef? Make(MmStruct mm, int va, object owner)
    {
        var k = mm.Kernel;
        if (GetUserPages.Run(mm, va, write: true, "make_device_exclusive", out _) is not { } page) return null;
        // Only anonymous folios are supported; folio_lock() sleeps in the kernel, the model fails the attempt.
        if (page.Page.Mapping is not null || !page.Page.TryLock())
        {
            k.Pages.Put(page, "make_device_exclusive");
            return null;
        }
        mm.MmapLock.DownRead();
        if (mm.FindVma(va) is not { IsAnonymous: true } vma)
        {
            mm.MmapLock.UpRead();
            page.Page.Unlock();
            k.Pages.Put(page, "make_device_exclusive");
            return null;
        }
        var range = new MmuNotifierRange(mm, va, va + 1, MmuNotifierEvent.Exclusive, vma, owner);
        MmuNotifierInvalidate.Start(range);
        var pt = mm.PageTable;
        pt.Ptl.Lock();
        var pte = pt[va];
        bool converted = pte.IsPresent && pte.Page == page && pte.Write;
        if (converted)
        {
            // ptep_clear_flush(): no CPU may keep an entry to a page only the device may touch now.
            if (!k.Faults.On(Mutant.MakeExclusiveSkipsFlush))
            {
                pt.Set(va, Pte.None);
                TlbFlush.Range(mm, va, va + 1);
            }
            if (pte.Dirty) k.Pages.MarkDirty(page, "make_device_exclusive");
            pt.Set(va, Pte.DeviceExclusiveEntry(pte));
        }
        pt.Ptl.Unlock();
        MmuNotifierInvalidate.End(range);
        mm.MmapLock.UpRead();
        if (converted) return page;
        page.Page.Unlock();
        k.Pages.Put(page, "make_device_exclusive");
        return null;
    }

    /// <summary>
    /// remove_device_exclusive_entry(): a CPU fault on the entry gives the page back to the CPU.
    /// The owner is NULL, so the device's listener must not skip it: the device loses its mapping.
    /// </summary>
    internal static VmFault Remove(Vma vma, int va, Pte orig)
    {
        var mm = vma.Mm;
        var k = mm.Kernel;
        if (!k.Pages.TryGet(orig.Page, "remove_device_exclusive_entry")) return VmFault.Done;
        if (!orig.Page.Page.TryLock())   // folio_lock(): the access retries meanwhile
        {
            k.Pages.Put(orig.Page, "remove_device_exclusive_entry");
            return VmFault.Done;
        }
        var range = new MmuNotifierRange(mm, va, va + 1, MmuNotifierEvent.Exclusive, vma, owner: null);
        bool notify = !k.Faults.On(Mutant.RestoreExclusiveWithoutNotify);
        if (notify) MmuNotifierInvalidate.Start(range);
        var pt = mm.PageTable;
        pt.Ptl.Lock();
        if (pt[va] == orig) pt.Set(va, RestoredPte(vma, orig));
        pt.Ptl.Unlock();
        if (notify) MmuNotifierInvalidate.End(range);
        orig.Page.Page.Unlock();
        k.Pages.Put(orig.Page, "remove_device_exclusive_entry");
        return VmFault.Done;
    }

    /// <summary>restore_exclusive_pte(): an old, clean present PTE, writable only if the VMA still is (maybe_mkwrite).</summary>
    internal static Pte RestoredPte(Vma vma, Pte entry) =>
        entry with { Kind = PteKind.Present, Write = entry.Write && vma.Writable, Dirty = false, Young = false };
}
