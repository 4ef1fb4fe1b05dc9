namespace Torture.Model;

/// <summary>mm/vma.c: do_vmi_munmap() -> vms_complete_munmap_vmas(): remove whole VMAs (no splitting in the model).</summary>
public static class Munmap
{
    [Operation("Munmap")]
    public static void Run(MmStruct mm, int start, int end)
    {
        mm.MmapLock.DownWrite();
        var gone = mm.Vmas.Where(v => v.Start >= start && v.End <= end).ToList();
        foreach (var vma in gone)
        {
            VmaLock.StartWrite(vma);   // waits out per-VMA-lock faults before the VMA disappears
            vma.Detached = true;
            mm.RemoveVma(vma);
        }
        if (gone.Count == 0)
        {
            mm.MmapWriteUnlock();
            return;
        }
        // vms_complete_munmap_vmas(): the VMAs are off the tree and detached, so faults and other
        // mmap_lock readers may run while the pages go; only the zap itself needs the read side.
        mm.MmapWriteDowngrade();
        // unmap_region(): UNMAP the span, free the page tables (unlink from the rmap), flush and free.
        var tlb = new MmuGather(mm, fullmm: false);
        UnmapVmas.Run(tlb, mm, gone, start, end);
        foreach (var vma in gone) UnlinkVma.Run(vma);
        tlb.Finish();
        mm.MmapLock.UpRead();
    }
}
