using System.Globalization;
using Torture.Model;
using Torture.Systematic;

namespace Torture.Generator;

/// <summary>
/// Draws a generated program, every draw a recorded choice (<see cref="Sched.Choose"/>), in the
/// order syzkaller and Lincheck suggest: the operations first (2-3 threads of 1-2 operations from
/// the whole catalog), then a world that gives each of them something to act on (a listener to
/// register, a registered VM to fault on, a page to reclaim), then their remaining arguments
/// against the world as its set-up left it. Operations that share a world share objects: most
/// arguments fall on mm0 and its listeners, so the operations meet.
/// </summary>
public sealed class ProgramDrawer
{
    private readonly List<string> setup = new();
    private int fileCount, cpuCount, kvmCount, devCount, iommuCount, gpuCount, mirrorCount, gruCount, mmCount;
    // What each operation slot was given in the world: its listener, for those whose subject is one.
    private readonly Dictionary<(int Thread, int Slot), string> boundListener = new();
    private readonly List<string> sharedKvms = new();
    // Every registered VM: its mm and whether it takes young bitmaps.
    private readonly List<(string Name, string Mm, bool YoungBitmap)> vms = new();
    private readonly List<string> devices = new();
    private readonly List<string> iommus = new();
    private readonly List<string> gpus = new();
    private readonly List<string> mirrors = new();
    private readonly List<string> grus = new();

    /// <summary>The kinds of listener a world can hold.</summary>
    private enum Listener { Kvm, Trylock, Iommu, Atomic }

    /// <summary>
    /// Any kind for a thread that registers or tears down a listener of its own: KVM two times in
    /// three, since only a start/end listener can witness a registration that straddles an invalidation.
    /// </summary>
    private Listener AnyListener() => Pick(6) switch { < 4 => Listener.Kvm, 4 => Listener.Trylock, _ => Listener.Iommu };

    private static int Pick(int n) => Sched.Choose(n);

    private static T Pick<T>(IReadOnlyList<T> items) => items[Pick(items.Count)];

    private static string Num(int v) => v.ToString(CultureInfo.InvariantCulture);

    private void Setup(string op, params (string Name, object Value)[] args) =>
        setup.Add($"{ProgramLine.Setup}: {op}{string.Concat(args.Select(a => $" {a.Name}={Format(a.Value)}"))}");

    private static string Format(object v) => v switch
    {
        bool b => b ? "true" : "false",
        int i => Num(i),
        _ => v.ToString()!,
    };

    /// <summary>Phase one: the operation names of each thread, and the set-up lines of a world they need.</summary>
    public (IReadOnlyList<string> Setup, IReadOnlyList<IReadOnlyList<OperationSpec>> Ops) DrawShape()
    {
        int threads = 2 + Pick(2);
        var ops = new List<IReadOnlyList<OperationSpec>>();
        for (int t = 0; t < threads; t++)
        {
            int count = Pick(3) == 0 ? 2 : 1;
            ops.Add(Enumerable.Range(0, count).Select(_ => Pick(OperationCatalog.ThreadOps)).ToList());
        }
        DrawWorld(ops);
        return (setup, ops);
    }

    private void DrawWorld(IReadOnlyList<IReadOnlyList<OperationSpec>> ops)
    {
        int pages = 2 + Pick(2);
        int layout = Pick(4);   // anon | anon, then shared file | shared file | shared file, then anon
        string? file = null;
        if (layout != 0)
        {
            file = $"file{fileCount++}";
            Setup("NewFile", ("file", file), ("pages", pages));
        }
        var mm0 = NewMm(pages);
        Map(mm0, layout, file, pages);
        Populate(mm0, pages, atLeastFirst: true);
        var mms = new List<string> { mm0 };
        switch (Pick(file is null ? 2 : 3))
        {
            case 1:   // a forked child: one anon_vma root, COW-shared pages, the file shared too
                var child = $"mm{mmCount++}";
                Setup("Fork", ("parent", mm0), ("childName", child));
                mms.Add(child);
                break;
            case 2:   // another process sharing the file
                var other = NewMm(pages);
                Setup("MmapFile", ("mm", other), ("file", file!), ("start", 0), ("end", pages), ("pgoff", 0));
                Populate(other, pages, atLeastFirst: false);
                mms.Add(other);
                break;
        }
        var cpus = new List<string>();
        int wantCpus = 1 + Pick(2);
        for (int c = 0; c < wantCpus; c++)
        {
            var cpu = $"cpu{cpuCount++}";
            Setup("NewCpu", ("cpu", cpu));
            cpus.Add(cpu);
            // Warm its TLB: these entries are what a missed flush leaves behind.
            for (int va = 0; va < pages; va++)
            {
                int how = Pick(3);
                if (how > 0) Setup("CpuAccess", ("cpu", cpu), ("mm", mm0), ("va", va), ("write", how == 2));
            }
        }
        // A VM on mm0 most of the time, so that zaps and reclaim have a secondary MMU to tell.
        if (Pick(3) > 0) sharedKvms.Add(NewListener(Listener.Kvm, mm0, register: true, pages));
        for (int t = 0; t < ops.Count; t++)
        {
            for (int s = 0; s < ops[t].Count; s++)
            {
                var op = ops[t][s];
                if (op.Subject is not { } subject) continue;
                string? bound = (subject.Type, op.Role) switch
                {
                    // A fresh mirror (or listener) nobody else touches: it is this thread's to register or tear down.
                    _ when subject.Type == typeof(HmmMirror) && op.Role == OperationRole.DestroysListener => NewMirror(Pick(mms), pages),
                    _ when subject.Type == typeof(HmmMirror) && op.Role == OperationRole.RegistersListener => NewMirror(Pick(mms), pages, open: false),
                    _ when subject.Type == typeof(HmmMirror) => Shared(mirrors, 2, () => NewMirror(Pick(mms), pages)),
                    // A context to attach or detach is this thread's own; dropins share attached ones.
                    _ when subject.Type == typeof(GruContext) && op.Role != OperationRole.Plain => NewGru(Pick(mms), attach: op.Role == OperationRole.DestroysListener, pages),
                    _ when subject.Type == typeof(GruContext) => Shared(grus, 2, () => NewGru(Pick(mms), attach: true, pages)),
                    (_, OperationRole.RegistersListener) => NewListener(AnyListener(), Pick(mms), register: false, pages),
                    (_, OperationRole.UnregistersListener or OperationRole.DestroysListener) =>
                        NewListener(subject.Type == typeof(Kvm) ? Listener.Kvm : AnyListener(), Pick(mms), register: true, pages),
                    // A registered VM the threads share (vCPUs exist only after kvm_create_vm registered).
                    _ when subject.Type == typeof(Kvm) => Shared(sharedKvms, 4, () => NewListener(Listener.Kvm, Pick(mms), register: true, pages)),
                    _ when subject.Type == typeof(TrylockDevice) => Shared(devices, 2, () => NewListener(Listener.Trylock, mm0, register: Pick(2) == 1, pages)),
                    // A bound device the threads share, its IOTLB (or exclusive mappings) warmed by the set-up.
                    _ when subject.Type == typeof(IommuSva) => Shared(iommus, 2, () => NewListener(Listener.Iommu, Pick(mms), register: true, pages)),
                    _ when subject.Type == typeof(AtomicDevice) => Shared(gpus, 2, () => NewListener(Listener.Atomic, Pick(mms), register: true, pages)),
                    _ => null,
                };
                if (bound is not null) boundListener[(t, s)] = bound;
            }
        }
        // Everything the set-up touched is young: an operation that decides on accessed bits would
        // see only that. A reference check that keeps each page clears them (and flushes), so the
        // threads' own accesses decide.
        if (ops.Any(t => t.Any(o => o.Ages))) AgeWorld(mm0, pages);
    }

    /// <summary>
    /// A world for the operations that decide on accessed bits. The young-bitmap protocol is about
    /// several listeners answering one call, so half the time mm0 gets a second VM of the other kind
    /// (lockless with bitmaps, or mainline). Then a reference check of every page clears all the bits;
    /// the VMs' guests touch some pages again (walks that set the bits and fill the guests' TLBs); and
    /// half the time an idle-page pass marks every page idle, clearing those bits without a flush,
    /// so the guests' TLBs still hold entries that set no bit when used.
    /// </summary>
    private void AgeWorld(string mm0, int pages)
    {
        var onMm0 = vms.Where(v => v.Mm == mm0).ToList();
        if (onMm0.Count == 1 && Pick(2) == 1)
        {
            var other = NewListener(Listener.Kvm, mm0, register: true, pages, youngBitmap: !onMm0[0].YoungBitmap);
            sharedKvms.Add(other);
            onMm0 = vms.Where(v => v.Mm == mm0).ToList();
        }
        Setup("AgeMm", ("mm", mm0), ("idle", false));
        foreach (var vm in onMm0)
        {
            for (int va = 0; va < pages; va++)
            {
                if (Pick(3) > 0) Setup("GuestAccess", ("kvm", vm.Name), ("gfn", va), ("write", false));
            }
        }
        if (Pick(2) == 1) Setup("AgeMm", ("mm", mm0), ("idle", true));
    }

    /// <summary>One of <paramref name="list"/> (all but one time in <paramref name="odds"/>), or a new one made and kept there.</summary>
    private string Shared(List<string> list, int odds, Func<string> make)
    {
        if (list.Count > 0 && Pick(odds) > 0) return Pick(list);
        var name = make();
        list.Add(name);
        return name;
    }

    private string NewMm(int pages)
    {
        var mm = $"mm{mmCount++}";
        Setup("NewMm", ("mm", mm), ("pages", pages));
        return mm;
    }

    private void Map(string mm, int layout, string? file, int pages)
    {
        switch (layout)
        {
            case 0:
                Setup("MmapAnon", ("mm", mm), ("start", 0), ("end", pages));
                break;
            case 1:
                Setup("MmapAnon", ("mm", mm), ("start", 0), ("end", 1));
                Setup("MmapFile", ("mm", mm), ("file", file!), ("start", 1), ("end", pages), ("pgoff", 1));
                break;
            case 2:
                Setup("MmapFile", ("mm", mm), ("file", file!), ("start", 0), ("end", pages), ("pgoff", 0));
                break;
            default:
                Setup("MmapFile", ("mm", mm), ("file", file!), ("start", 0), ("end", pages - 1), ("pgoff", 0));
                Setup("MmapAnon", ("mm", mm), ("start", pages - 1), ("end", pages));
                break;
        }
    }

    private void Populate(string mm, int pages, bool atLeastFirst)
    {
        for (int va = 0; va < pages; va++)
        {
            // va0 of mm0 is always present: reclaim always has a page to take.
            int how = va == 0 && atLeastFirst ? 1 + Pick(2) : Pick(3);
            if (how > 0) Setup("PageFault", ("mm", mm), ("va", va), ("write", how == 2));
        }
    }

    private string NewListener(Listener kind, string mm, bool register, int pages, bool? youngBitmap = null)
    {
        var name = kind switch
        {
            Listener.Kvm => $"kvm{kvmCount++}", Listener.Trylock => $"dev{devCount++}", Listener.Iommu => $"iommu{iommuCount++}", _ => $"gpu{gpuCount++}",
        };
        switch (kind)
        {
            case Listener.Kvm:
                bool bitmap = youngBitmap ?? Pick(2) == 1;
                Setup("NewKvm", ("mm", mm), ("kvm", name), ("youngBitmap", bitmap));
                if (register) vms.Add((name, mm, bitmap));
                break;
            case Listener.Trylock: Setup("NewDevice", ("mm", mm), ("dev", name)); break;
            case Listener.Iommu: Setup("NewIommuSva", ("mm", mm), ("iommu", name)); break;
            default: Setup("NewAtomicDevice", ("mm", mm), ("gpu", name)); break;
        }
        if (!register) return name;
        Setup("MmuNotifierRegister", ("listener", name), ("signals", "never"));
        if (kind == Listener.Trylock) return name;
        // Warm what it caches: the SPTEs or IOTLB entries a missed invalidation leaves behind.
        for (int va = 0; va < pages; va++)
        {
            int how = Pick(3);
            if (how == 0) continue;
            switch (kind)
            {
                case Listener.Kvm: Setup("KvmFault", ("kvm", name), ("gfn", va), ("write", how == 2)); break;
                case Listener.Iommu: Setup("DeviceAccess", ("dev", name), ("va", va), ("write", how == 2)); break;
                default: if (how == 2) Setup("DeviceAtomic", ("dev", name), ("va", va)); break;
            }
        }
        return name;
    }

    /// <summary>An HMM mirror (its interval notifier inserted), its device table warmed by faults; or one not opened yet.</summary>
    private string NewMirror(string mm, int pages, bool open = true)
    {
        var name = $"hmm{mirrorCount++}";
        Setup(open ? "NewHmmMirror" : "NewHmmDevice", ("mm", mm), ("mirror", name));
        if (!open) return name;
        for (int va = 0; va < pages; va++)
        {
            int how = Pick(3);
            if (how > 0) Setup("HmmDeviceFault", ("dev", name), ("start", va), ("end", va + 1), ("write", how == 2));
        }
        return name;
    }

    /// <summary>A GRU context, attached to its process's gms (shared with the other attached ones) and its TLB warmed by dropins when <paramref name="attach"/>.</summary>
    private string NewGru(string mm, bool attach, int pages)
    {
        var name = $"gru{gruCount++}";
        Setup("NewGru", ("mm", mm), ("gru", name));
        if (!attach) return name;
        Setup("GruAttach", ("gru", name));
        for (int va = 0; va < pages; va++)
        {
            int how = Pick(3);
            if (how > 0) Setup("GruDropin", ("gru", name), ("va", va), ("write", how == 2));
        }
        return name;
    }

    /// <summary>Phase two, after the set-up ran: each operation's remaining arguments, drawn against the world.</summary>
    public IReadOnlyList<IReadOnlyList<string>> DrawArguments(World world, IReadOnlyList<IReadOnlyList<OperationSpec>> ops)
    {
        var threads = new List<IReadOnlyList<string>>();
        var exited = new List<MmStruct>();
        for (int t = 0; t < ops.Count; t++)
        {
            var lines = new List<string>();
            for (int s = 0; s < ops[t].Count; s++)
            {
                if (DrawLine(world, ops[t][s], boundListener.GetValueOrDefault((t, s)), exited) is { } args)
                    lines.Add($"{GeneratedProgram.ThreadName(threads.Count)}: {ops[t][s].Name}{args}");
            }
            if (lines.Count > 0) threads.Add(lines);
        }
        return threads;
    }

    /// <summary>The arguments of one operation (" name=value ..."), or null when the world offers it nothing.</summary>
    private string? DrawLine(World world, OperationSpec op, string? listener, List<MmStruct> exited)
    {
        var values = new List<(string Name, string Value)>();
        MmStruct? mm = listener is not null ? ((IMmBound)world.Find(listener)!).Mm : null;
        AddressSpace? file = null;
        Kvm? kvm = listener is not null ? world.Find(listener) as Kvm : null;
        foreach (var p in op.Written)
        {
            string value;
            switch (p.Kind)
            {
                case ParamKind.Object when listener is not null && p == op.Subject:
                    value = listener;
                    break;
                case ParamKind.Object when p.Type == typeof(MmStruct):
                    var mms = world.Of(typeof(MmStruct)).Select(x => (MmStruct)x.Object)
                        .Where(m => op.Role != OperationRole.ExitsMm || !exited.Contains(m)).ToList();
                    if (mms.Count == 0) return null;
                    // mm0 twice as often as any other: the threads should meet on it.
                    mm = Pick(mms.Count + 1) is var i && i < mms.Count ? mms[i] : mms[0];
                    if (op.Role == OperationRole.ExitsMm) exited.Add(mm);
                    value = mm.Name;
                    break;
                case ParamKind.Object:
                    var candidates = world.Of(p.Type);
                    if (candidates.Count == 0) return null;
                    var picked = Pick(candidates);
                    file ??= picked.Object as AddressSpace;
                    value = picked.Name;
                    break;
                case ParamKind.Va:
                    value = Num(Pick(mm!.PageTable.Size));
                    break;
                case ParamKind.Gfn:
                    value = Num(Pick(kvm!.Gfns));
                    break;
                case ParamKind.RangeStart:
                    // A range of the operation's mm, or of its file's page offsets for a file operation.
                    int size = mm?.PageTable.Size ?? file!.Size;
                    int start = Pick(size);
                    int end = start + 1 + Pick(size - start);
                    values.Add((p.Name, Num(start)));
                    values.Add(("end", Num(end)));
                    continue;
                case ParamKind.RangeEnd:
                    continue;   // drawn with its start
                case ParamKind.Bool:
                    value = Pick(2) == 1 ? "true" : "false";
                    break;
                case ParamKind.Signal:
                    value = Pick(2) == 1 ? "maybe" : "never";
                    break;
                case ParamKind.Page:
                    var pages = PageDesignations(world);
                    if (pages.Count == 0) return null;
                    value = Pick(pages);
                    break;
                case ParamKind.NewName:
                    value = $"mm{mmCount++}";
                    break;
                default:
                    throw new InvalidOperationException($"{op.Name}: cannot draw {p.Name} ({p.Kind}) for a thread");
            }
            values.Add((p.Name, value));
        }
        return string.Concat(values.Select(v => $" {v.Name}={v.Value}"));
    }

    /// <summary>Every page the world holds as the threads start, once each: by the first PTE mapping it, else by its file index.</summary>
    public static IReadOnlyList<string> PageDesignations(World world)
    {
        var seen = new List<Page>();
        var names = new List<string>();
        foreach (var (name, o) in world.Of(typeof(MmStruct)))
        {
            var mm = (MmStruct)o;
            for (int va = 0; va < mm.PageTable.Size; va++)
            {
                if (mm.PageTable[va] is { IsPresent: true } pte && !seen.Contains(pte.Page.Page))
                {
                    seen.Add(pte.Page.Page);
                    names.Add($"{name}:va{va}");
                }
            }
        }
        foreach (var (name, o) in world.Of(typeof(AddressSpace)))
        {
            var f = (AddressSpace)o;
            for (int i = 0; i < f.Size; i++)
            {
                if (f.CachedPage(i) is { } r && !seen.Contains(r.Page))
                {
                    seen.Add(r.Page);
                    names.Add($"{name}:{i}");
                }
            }
        }
        return names;
    }
}
