namespace Torture.Model;

/// <summary>
/// A load or store by a CPU thread: a TLB hit, or the hardware walk that fills the TLB, or a page
/// fault (arch/x86/mm/fault.c: do_user_addr_fault()). A stale TLB entry is used as long as it lasts.
/// </summary>
public static class CpuAccess
{
    /// <summary>True when the access completed; false on SIGSEGV or OOM.</summary>
    [Operation("CpuAccess")]
    public static bool Run(Cpu cpu, MmStruct mm, int va, bool write)
    {
        var k = mm.Kernel;
        for (int attempt = 0; attempt < 3; attempt++)
        {
            Sched.Yield("cpu instruction");   // a TLB hit or a hardware walk is atomic
            if (cpu.Lookup(mm, va) is { } hit && (!write || hit.StoresWithoutWalk))
            {
                Sched.Note($"{cpu.Name} {(write ? "writes" : "reads")} {mm.Name} va{va}: TLB hit {hit.Page}");
                k.Pages.UserAccess(mm, va, hit.Page, write, hit.Write, $"{cpu.Name} TLB");
                return true;
            }
            var pte = mm.PageTable[va];
            if (pte.Allows(write))
            {
                Sched.Note($"{cpu.Name} {(write ? "writes" : "reads")} {mm.Name} va{va}: walk, caches {pte.Page}");
                mm.PageTable.HardwareMarkAccessed(va, write);
                cpu.Fill(mm, va, mm.PageTable[va]);   // the entry caches the bits the walk just set
                k.Pages.UserAccess(mm, va, pte.Page, write, pte.Write, $"{cpu.Name} walk");
                return true;
            }
            Sched.Note($"{cpu.Name} {(write ? "write" : "read")} {mm.Name} va{va}: page fault on {pte}");
            if (PageFault(mm, va, write) != VmFault.Done) return false;
        }
        return false;
    }

    /// <summary>The fault handler: the per-VMA lock first, mmap_lock when that fails.</summary>
    [Operation("PageFault")]
    public static VmFault PageFault(MmStruct mm, int va, bool write)
    {
        if (VmaLock.LockVmaUnderRcu(mm, va) is { } locked)
        {
            var r = HandleMmFault.Run(locked, va, write);
            VmaLock.EndRead(locked);
            return r;
        }
        mm.MmapLock.DownRead();
        var vma = mm.FindVma(va);
        var result = vma is null ? VmFault.Sigsegv : HandleMmFault.Run(vma, va, write);
        mm.MmapLock.UpRead();
        return result;
    }
}
