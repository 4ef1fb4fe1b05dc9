namespace Torture.Model;

/// <summary>mm/mmap.c: exit_mmap(): the last mm_users reference is gone; tear the address space down.</summary>
public static class ExitMmap
{
    public static void Run(MmStruct mm)
    {
        var k = mm.Kernel;
        k.Events.ExitMmapBegin(mm);
        Sched.Note($"exit_mmap({mm})");
        // First, before any page can be freed: every listener tears its mappings down (R6). After
        // this the hlist is empty, so unmap_vmas() below reaches only interval notifiers.
        MmuNotifierRelease.Release(mm);

        mm.MmapLock.DownRead();
        // A large batch (MAX_GATHER_BATCH is hundreds of pages): exit frees at tlb_finish_mmu(), after end.
        var tlb = new MmuGather(mm, fullmm: true, MmuGather.LargeBatch);
        var vmas = mm.Vmas.ToList();
        UnmapVmas.Run(tlb, mm, vmas, 0, mm.PageTable.Size);
        mm.MmapLock.UpRead();

        mm.MmapLock.DownWrite();
        foreach (var vma in vmas) UnlinkVma.Run(vma);   // free_pgtables()
        tlb.Finish();
        foreach (var vma in vmas)
        {
            vma.Detached = true;
            mm.RemoveVma(vma);
        }
        mm.MmapWriteUnlock();
    }
}
