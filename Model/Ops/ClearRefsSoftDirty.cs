namespace Torture.Model;

/// <summary>fs/proc/task_mmu.c: clear_refs_write() with CLEAR_REFS_SOFT_DIRTY (echo 4 > /proc/pid/clear_refs).</summary>
public static class ClearRefsSoftDirty
{
    [Operation("ClearRefsSoftDirty")]
    public static void Run(MmStruct mm)
    {
        var k = mm.Kernel;
        long began = k.Tick();
        int size = mm.PageTable.Size;
        mm.MmapLock.DownWrite();
        foreach (var vma in mm.Vmas)
        {
            VmaLock.StartWrite(vma);
            vma.Flags &= ~VmFlags.SoftDirty;   // vm_flags_clear(VM_SOFTDIRTY): from now on the PTE bits tell
        }
        mm.IncTlbFlushPending();
        var range = new MmuNotifierRange(mm, 0, size, MmuNotifierEvent.SoftDirty);
        MmuNotifierInvalidate.Start(range);
        var pt = mm.PageTable;
        pt.Ptl.Lock();
        for (int va = 0; va < size; va++)
        {
            // clear_soft_dirty(): write-protect too, so the next store faults and pte_mkdirty() sets
            // the bit again; the MMU alone never sets it.
            var pte = pt[va];
            if (pte.IsPresent) pt.Set(va, pte.Wrprotect() with { SoftDirty = false });
        }
        pt.Ptl.Unlock();
        MmuNotifierInvalidate.End(range);
        if (!k.Faults.On(Mutant.ClearRefsSkipsTlbFlush)) TlbFlush.Mm(mm);
        mm.DecTlbFlushPending();
        mm.MmapWriteUnlock();
        k.Events.WriteProtectDone(mm, 0, size, began, "clear_refs");
    }
}
