namespace Torture.Model;

/// <summary>mm/mprotect.c: mprotect() of one whole VMA (the model does not split VMAs).</summary>
public static class Mprotect
{
    /// <summary>0, or -EACCES when write is asked of a VMA without VM_MAYWRITE, or -ENOMEM when no VMA holds va.</summary>
    [Operation("Mprotect")]
    public static int Run(MmStruct mm, int va, bool write)
    {
        var k = mm.Kernel;
        long began = k.Tick();
        mm.MmapLock.DownWrite();
        var vma = mm.FindVma(va);
        if (vma is null || (write && (vma.Flags & VmFlags.MayWrite) == 0))
        {
            mm.MmapWriteUnlock();
            return vma is null ? Errno.ENOMEM : Errno.EACCES;
        }
        // mprotect_fixup(): no per-VMA-lock fault may run on the old flags while they change.
        VmaLock.StartWrite(vma);
        vma.Flags = write ? vma.Flags | VmFlags.Write : vma.Flags & ~VmFlags.Write;
        if (!write) ChangeProtection(vma);
        mm.MmapWriteUnlock();
        if (!write) k.Events.WriteProtectDone(mm, vma.Start, vma.End, began, "mprotect");
        return 0;
    }

    // change_protection() -> change_pte_range(): only a downgrade touches PTEs (write faults upgrade
    // them later). The PTEs change inside PROTECTION_VMA start/end; the flush waits for
    // tlb_finish_mmu(), after end, which is safe because listeners can only map read-only by then.
    private static void ChangeProtection(Vma vma)
    {
        var mm = vma.Mm;
        var k = mm.Kernel;
        var tlb = new MmuGather(mm, fullmm: false);
        var range = new MmuNotifierRange(mm, vma.Start, vma.End, MmuNotifierEvent.ProtectionVma, vma);
        bool notify = !k.Faults.On(Mutant.MprotectSkipsInvalidate);
        if (notify) MmuNotifierInvalidate.Start(range);
        var pt = mm.PageTable;
        pt.Ptl.Lock();
        for (int va = vma.Start; va < vma.End; va++)
        {
            var pte = pt[va];
            if (!pte.IsPresent || !pte.Write) continue;
            pt.Set(va, pte.Wrprotect());
            if (!k.Faults.On(Mutant.MprotectSkipsTlbFlush)) tlb.TrackRange(va);   // tlb_flush_pte_range()
        }
        pt.Ptl.Unlock();
        if (notify) MmuNotifierInvalidate.End(range);
        tlb.Finish();
    }
}
