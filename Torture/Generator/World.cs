using Torture.Model;

namespace Torture.Generator;

/// <summary>
/// A generated program's world: the kernel and its named objects (in the order they were made, so
/// lookups and draws never depend on hash order), plus the set-up-only operations that build it.
/// </summary>
public sealed class World(Kernel kernel)
{
    private readonly List<(string Name, object Object)> objects = new();

    public Kernel Kernel { get; } = kernel;

    public static bool IsObjectType(Type t) =>
        t == typeof(MmStruct) || t == typeof(Cpu) || t == typeof(AddressSpace) || t == typeof(Kvm) ||
        t == typeof(IMmuListener) || t == typeof(TrylockDevice);

    public void Add(string name, object o)
    {
        if (Find(name) is not null) throw new InvalidOperationException($"the world already has an object named '{name}'");
        objects.Add((name, o));
    }

    public object? Find(string name)
    {
        foreach (var (n, o) in objects) if (n == name) return o;
        return null;
    }

    public IReadOnlyList<(string Name, object Object)> Of(Type t) => objects.Where(x => t.IsInstanceOfType(x.Object)).ToList();

    public string NameOf(object o) => objects.First(x => ReferenceEquals(x.Object, o)).Name;

    // ---- the world builders (set-up only) ------------------------------------------------------

    /// <summary>mm_alloc(): a process of <paramref name="pages"/> virtual pages.</summary>
    [Operation("NewMm")]
    public static MmStruct NewMm(Kernel k, string mm, int pages) => k.NewMm(mm, pages);

    /// <summary>A file and its page cache.</summary>
    [Operation("NewFile")]
    public static AddressSpace NewFile(Kernel k, string file, int pages) => k.NewFile(file, pages);

    /// <summary>mmap(MAP_PRIVATE | MAP_ANONYMOUS).</summary>
    [Operation("MmapAnon")]
    public static Vma MmapAnon(MmStruct mm, int start, int end) =>
        Mmap.Region(mm, $"{mm.Name}:anon{start}", start, end, VmFlags.Read | VmFlags.Write);

    /// <summary>mmap(MAP_SHARED) of a file at page offset <paramref name="pgoff"/>.</summary>
    [Operation("MmapFile")]
    public static Vma MmapFile(MmStruct mm, AddressSpace file, int start, int end, int pgoff) =>
        Mmap.Region(mm, $"{mm.Name}:{file.Name}@{start}", start, end, VmFlags.Read | VmFlags.Write, file, pgoff);

    [Operation("NewCpu")]
    public static Cpu NewCpu(Kernel k, string cpu) => k.NewCpu(cpu);

    /// <summary>A VM on the process (kvm_create_vm() before it registers).</summary>
    [Operation("NewKvm")]
    public static Kvm NewKvm(MmStruct mm, string kvm) => new(mm, kvm);

    /// <summary>A device whose driver trylocks in non-blockable invalidations.</summary>
    [Operation("NewDevice")]
    public static TrylockDevice NewDevice(MmStruct mm, string dev) => new(dev, mm);
}
