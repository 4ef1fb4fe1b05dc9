using Torture.Model;
using Torture.Systematic;

namespace Torture.Generator;

/// <summary>
/// A generated program's world: the kernel and its named objects (in the order they were made, so
/// lookups and draws never depend on hash order), plus the set-up-only operations that build it.
/// </summary>
public sealed class World(Kernel kernel)
{
    private readonly List<(string Name, object Object)> objects = new();
    // Threads name what their operations make while others look names up: on real threads, at once.
    private readonly NativeLock naming = new();

    public Kernel Kernel { get; } = kernel;

    public static bool IsObjectType(Type t) =>
        t == typeof(MmStruct) || t == typeof(Cpu) || t == typeof(AddressSpace) || t == typeof(Kvm) ||
        t == typeof(IMmuListener) || t == typeof(TrylockDevice) || t == typeof(IommuSva) || t == typeof(AtomicDevice) ||
        t == typeof(HmmMirror) || t == typeof(GruContext);

    public void Add(string name, object o)
    {
        using var _ = naming.Hold();
        if (Find(name) is not null) throw new InvalidOperationException($"the world already has an object named '{name}'");
        objects.Add((name, o));
    }

    public object? Find(string name)
    {
        using var _ = naming.Hold();
        foreach (var (n, o) in objects) if (n == name) return o;
        return null;
    }

    public IReadOnlyList<(string Name, object Object)> Of(Type t)
    {
        using var _ = naming.Hold();
        return objects.Where(x => t.IsInstanceOfType(x.Object)).ToList();
    }

    public string NameOf(object o)
    {
        using var _ = naming.Hold();
        return objects.First(x => ReferenceEquals(x.Object, o)).Name;
    }

    // ---- the world builders (set-up only) ------------------------------------------------------

    /// <summary>mm_alloc(): a process of <paramref name="pages"/> virtual pages.</summary>
    /// <summary>The model's sizes stay small: a hand-written line asking for more is bad input.</summary>
    public const int MaxPages = 16;

    [Operation("NewMm")]
    public static MmStruct NewMm(Kernel k, string mm, int pages) => k.NewMm(mm, Pages(pages));

    /// <summary>A file and its page cache.</summary>
    [Operation("NewFile")]
    public static AddressSpace NewFile(Kernel k, string file, int pages) => k.NewFile(file, Pages(pages));

    /// <summary>mmap(MAP_PRIVATE | MAP_ANONYMOUS).</summary>
    [Operation("MmapAnon")]
    public static Vma MmapAnon(MmStruct mm, int start, int end)
    {
        Free(mm, start, end);
        return Mmap.Region(mm, $"{mm.Name}:anon{start}", start, end, VmFlags.Read | VmFlags.Write);
    }

    /// <summary>mmap(MAP_SHARED) of a file at page offset <paramref name="pgoff"/>.</summary>
    [Operation("MmapFile")]
    public static Vma MmapFile(MmStruct mm, AddressSpace file, int start, int end, int pgoff)
    {
        Free(mm, start, end);
        if (pgoff + (end - start) > file.Size) throw new ArgumentException($"pages {pgoff}..{pgoff + end - start - 1} are past the end of {file.Name} ({file.Size} pages)");
        return Mmap.Region(mm, $"{mm.Name}:{file.Name}@{start}", start, end, VmFlags.Read | VmFlags.Write, file, pgoff);
    }

    private static int Pages(int pages) =>
        pages is >= 1 and <= MaxPages ? pages : throw new ArgumentException($"pages must be 1 to {MaxPages}, not {pages}");

    /// <summary>The model maps whole new VMAs only (no MAP_FIXED over an old one).</summary>
    private static void Free(MmStruct mm, int start, int end)
    {
        if (mm.Vmas.FirstOrDefault(v => v.Start < end && start < v.End) is { } overlap)
            throw new ArgumentException($"[{start},{end}) overlaps {overlap} [{overlap.Start},{overlap.End})");
    }

    [Operation("NewCpu")]
    public static Cpu NewCpu(Kernel k, string cpu) => k.NewCpu(cpu);

    /// <summary>A VM on the process (kvm_create_vm() before it registers); <paramref name="youngBitmap"/>: lockless aging with the 2024 young bitmap.</summary>
    [Operation("NewKvm")]
    public static Kvm NewKvm(MmStruct mm, string kvm, bool youngBitmap) => new(mm, kvm, youngBitmap);

    /// <summary>A device bound to the process's address space through the IOMMU (iommu_sva_bind_device() before it registers).</summary>
    [Operation("NewIommuSva")]
    public static IommuSva NewIommuSva(MmStruct mm, string iommu) => new(mm, iommu);

    /// <summary>A GPU doing atomics through device-exclusive entries (its driver's SVM bind before it registers).</summary>
    [Operation("NewAtomicDevice")]
    public static AtomicDevice NewAtomicDevice(MmStruct mm, string gpu) => new(mm, gpu);

    /// <summary>An HMM mirror of the process (dmirror_fops_open(): its interval notifier over the whole address space).</summary>
    [Operation("NewHmmMirror")]
    public static HmmMirror NewHmmMirror(MmStruct mm, string mirror) =>
        HmmMirror.Open(mm, mirror, SignalPending.Never()) ?? throw new InvalidOperationException($"set-up: inserting {mirror}'s interval notifier failed");

    /// <summary>An HMM mirror device nobody has opened yet: its interval notifier is not inserted.</summary>
    [Operation("NewHmmDevice")]
    public static HmmMirror NewHmmDevice(MmStruct mm, string mirror) => HmmMirror.Create(mm, mirror);

    /// <summary>
    /// An aging pass over every page the mm maps: kswapd's reference check (without MGLRU), or with
    /// <paramref name="idle"/> a write of each page's idle bit (page_idle: clear_young, no flush).
    /// A page used since the last pass keeps its place and loses its accessed bits (the reference check
    /// flushes the TLBs too). True when no page was reclaimed.
    /// </summary>
    [Operation("AgeMm")]
    public static bool AgeMm(Kernel k, MmStruct mm, bool idle)
    {
        bool kept = true;
        for (int va = 0; va < mm.PageTable.Size; va++)
        {
            if (mm.PageTable[va] is not { IsPresent: true } pte) continue;
            if (idle) PageIdle.Scan(k, pte.Page);
            else kept &= !Reclaim.Kswapd(k, pte.Page, batchFlush: false, lookAround: false);
        }
        return kept;
    }

    /// <summary>A GRU context of the process (gru_create_context() before it attaches to the process's gms).</summary>
    [Operation("NewGru")]
    public static GruContext NewGru(MmStruct mm, string gru) => new(mm, gru);

    /// <summary>A device whose driver trylocks in non-blockable invalidations.</summary>
    [Operation("NewDevice")]
    public static TrylockDevice NewDevice(MmStruct mm, string dev) => new(dev, mm);
}
