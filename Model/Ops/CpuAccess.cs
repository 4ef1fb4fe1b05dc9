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
        for (int attempt = 0; attempt < 3;)
        {
            Sched.Yield("cpu instruction");   // a TLB hit or a hardware walk is atomic
            Pte pte;
            bool? done;
            using (cpu.Instruction.Hold()) done = Instruction(cpu, mm, va, write, out pte);
            if (done == true) return true;
            if (done is null) continue;   // the PTE changed under the walk (real threads only): walk again
            attempt++;
            Sched.Note($"{cpu.Name} {(write ? "write" : "read")} {mm.Name} va{va}: page fault on {pte}");
            if (PageFault(mm, va, write) != VmFault.Done) return false;
        }
        return false;
    }

    // True when the access went through a TLB entry or a walk, false on a page fault (on the PTE read).
    private static bool? Instruction(Cpu cpu, MmStruct mm, int va, bool write, out Pte pte)
    {
        var k = mm.Kernel;
        pte = default;
        if (cpu.Lookup(mm, va) is { } hit && (!write || hit.StoresWithoutWalk))
        {
            Sched.Note($"{cpu.Name} {(write ? "writes" : "reads")} {mm.Name} va{va}: TLB hit {hit.Page}");
            k.Pages.UserAccess(mm, va, hit.Page, write, hit.Write, $"{cpu.Name} TLB");
            return true;
        }
        pte = mm.PageTable[va];
        if (!pte.Allows(write)) return false;
        Sched.Note($"{cpu.Name} {(write ? "writes" : "reads")} {mm.Name} va{va}: walk, caches {pte.Page}");
        if (mm.PageTable.HardwareMarkAccessed(va, pte, write) is not { } marked) return null;
        cpu.Fill(mm, va, marked);   // the entry caches the bits the walk just set
        k.Pages.UserAccess(mm, va, pte.Page, write, pte.Write, $"{cpu.Name} walk");
        return true;
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
