using Torture.Model;

namespace Torture.Scenarios;

/// <summary>Set-ups several scenarios share. They run alone, before the threads start.</summary>
internal static class Setups
{
    /// <summary>
    /// A process with one anonymous VMA over <paramref name="pages"/> pages, all written by cpu0, so
    /// cpu0's TLB caches every page: any path that frees one must flush first.
    /// </summary>
    public static MmStruct AnonProcess(Kernel k, string name, int pages)
    {
        var mm = k.NewMm(name, pages);
        Mmap.Region(mm, $"{name}:anon", 0, pages, VmFlags.Read | VmFlags.Write);
        var cpu = k.NewCpu("cpu0");
        for (int va = 0; va < pages; va++) CpuAccess.Run(cpu, mm, va, write: true);
        return mm;
    }

    /// <summary>
    /// A process mapping a file of <paramref name="pages"/> pages shared at [0, pages), with cpu0 and
    /// no page touched yet: the scenario decides what cpu0 caches.
    /// </summary>
    public static (AddressSpace File, MmStruct Mm, Cpu Cpu) SharedFileProcess(Kernel k, string file, int pages)
    {
        var f = k.NewFile(file, pages);
        var mm = k.NewMm("mm", pages);
        Mmap.Region(mm, $"mm:{file}", 0, pages, VmFlags.Read | VmFlags.Write, f);
        return (f, mm, k.NewCpu("cpu0"));
    }

    /// <summary>mmu_notifier_register() of a listener on its mm; nobody signals the set-up, so it cannot fail.</summary>
    public static T Registered<T>(T listener) where T : IMmuListener
    {
        int ret = MmuNotifierRegister.Register(listener.Notifier, listener.Mm, SignalPending.Never());
        if (ret != 0) throw new InvalidOperationException($"set-up: registering {listener.Name} failed with {ret}");
        return listener;
    }

    /// <summary>An SVA device bound to <paramref name="mm"/> (registered), its IOTLB warmed by a DMA read or write of each of <paramref name="accesses"/>.</summary>
    public static IommuSva SvaDevice(MmStruct mm, string name, params (int Va, bool Write)[] accesses)
    {
        var dev = Registered(new IommuSva(mm, name));
        foreach (var (va, write) in accesses)
        {
            if (!DeviceAccess.Run(dev, va, write)) throw new InvalidOperationException($"set-up: {name} could not access va{va}");
        }
        return dev;
    }

    /// <summary>An HMM mirror of <paramref name="mm"/> (its interval notifier inserted), with device entries for <paramref name="vas"/> faulted in by reads.</summary>
    public static HmmMirror Mirror(MmStruct mm, string name, params int[] vas)
    {
        var dev = HmmMirror.Open(mm, name, SignalPending.Never()) ?? throw new InvalidOperationException($"set-up: inserting {name}'s interval notifier failed");
        foreach (var va in vas)
        {
            if (HmmDeviceFault.Run(dev, va, va + 1, write: false) != 0) throw new InvalidOperationException($"set-up: {name} could not fault va{va} in");
        }
        return dev;
    }

    /// <summary>A KVM VM on <paramref name="mm"/>, registered (nobody signals the set-up), with writable SPTEs for <paramref name="gfns"/>.</summary>
    public static Kvm Vm(MmStruct mm, string name, params int[] gfns) => Vm(mm, name, write: true, gfns);

    /// <summary>As above; <paramref name="write"/> false maps the gfns by read faults (read-only over a COW-shared page).</summary>
    public static Kvm Vm(MmStruct mm, string name, bool write, params int[] gfns) => Vm(new Kvm(mm, name), write, gfns);

    /// <summary>A VM that ages its SPTEs locklessly with the young bitmap (<see cref="Kvm.YoungBitmapCapable"/>), its gfns mapped by read faults.</summary>
    public static Kvm BitmapVm(MmStruct mm, string name, params int[] gfns) => Vm(new Kvm(mm, name, youngBitmap: true), write: false, gfns);

    private static Kvm Vm(Kvm unregistered, bool write, int[] gfns)
    {
        var kvm = Registered(unregistered);
        var name = kvm.Name;
        foreach (var gfn in gfns)
        {
            if (KvmFault.Run(kvm, gfn, write) != KvmFaultResult.Installed)
                throw new InvalidOperationException($"set-up: {name} could not map gfn{gfn}");
        }
        return kvm;
    }

    /// <summary>
    /// An aging pass over the pages of <paramref name="mm"/> that keeps them (they are young): every
    /// accessed bit, primary and secondary, is clear afterwards, so the threads start a new aging period.
    /// </summary>
    public static void Aged(MmStruct mm)
    {
        if (!Generator.World.AgeMm(mm.Kernel, mm, idle: false)) throw new InvalidOperationException($"set-up: aging {mm.Name} reclaimed a page");
    }

    /// <summary>
    /// A parent and its forked child sharing one anon_vma root (va0, COW-shared after fork) and one
    /// file page (va1, mapped shared by both): the shape that makes two mm_take_all_locks() meet.
    /// cpu0 caches the parent's pages (fork flushed the write permission away).
    /// </summary>
    public static (MmStruct Parent, MmStruct Child, PageRef FilePage) ForkedPair(Kernel k)
    {
        var file = k.NewFile("file", 1);
        var parent = k.NewMm("mmA", 2);
        Mmap.Region(parent, "mmA:anon", 0, 1, VmFlags.Read | VmFlags.Write);
        Mmap.Region(parent, "mmA:file", 1, 2, VmFlags.Read | VmFlags.Write, file);
        CpuAccess.PageFault(parent, 0, write: true);
        CpuAccess.PageFault(parent, 1, write: true);
        var child = Fork.Run(parent, "mmB");
        CpuAccess.PageFault(child, 1, write: false);
        var cpu = k.NewCpu("cpu0");
        CpuAccess.Run(cpu, parent, 0, write: false);
        CpuAccess.Run(cpu, parent, 1, write: false);
        return (parent, child, parent.PageTable[1].Page);
    }
}
