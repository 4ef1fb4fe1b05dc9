namespace Torture.Model;

/// <summary>
/// One iteration's kernel: every object a scenario builds, the fault switches in force and the
/// observers (invariants) of its events. Create it inside a program's set-up, since its locks bind to
/// the runtime that runs the iteration.
/// </summary>
public sealed class Kernel
{
    // Replaced whole (fork adds while checkers walk them), so a walk needs no lock.
    private MmStruct[] mms = Array.Empty<MmStruct>();
    private readonly NativeLock registry = new();
    private readonly List<Cpu> cpus = new(1);
    private readonly List<AddressSpace> files = new(1);
    private AnonVma[] anonVmas = Array.Empty<AnonVma>();
    private ISecondaryMmu[] secondaries = Array.Empty<ISecondaryMmu>();

    public Kernel(IEnumerable<Mutant>? faults = null, int frames = 8)
    {
        Faults = new FaultSet(faults);
        Events = new KernelEvents();
        Pages = new PageAllocator(this, frames);
        Srcu = new Srcu("srcu");
        MmAllLocksMutex = new Mutex("mm_all_locks_mutex", sleeps: true);
        PageWaitTable = new WaitQueue("page_wait_table: a fault sleeping on a migration entry until the page is unlocked");
        FsReclaim = new LockdepMap("fs_reclaim");
        InvalidateRangeStartMap = new LockdepMap("mmu_notifier_invalidate_range_start");
    }

    public FaultSet Faults { get; }
    /// <summary>Raises the model's events; only model code raises them.</summary>
    internal KernelEvents Events { get; }
    public PageAllocator Pages { get; }

    /// <summary>mm/mmu_notifier.c: DEFINE_STATIC_SRCU(srcu): one SRCU for every notifier list.</summary>
    public Srcu Srcu { get; }

    /// <summary>drivers/misc/sgi-gru: gru_mmuops, the one ops every process's gms is registered with.</summary>
    public GruMmuNotifier GruOps { get; } = new();

    /// <summary>mm/vma.c: mm_all_locks_mutex: one mm_take_all_locks() at a time, system-wide.</summary>
    public Mutex MmAllLocksMutex { get; }

    /// <summary>mm/filemap.c: page_wait_table: where folio_wait_bit(PG_locked) sleeps (one hashed queue in the model).</summary>
    public WaitQueue PageWaitTable { get; }

    /// <summary>mm/page_alloc.c: __fs_reclaim_map: "this context may enter reclaim", taken by every allocation that may (might_alloc).</summary>
    public LockdepMap FsReclaim { get; }

    /// <summary>
    /// mm/mmu_notifier.c: __mmu_notifier_invalidate_range_start_map, held around every start and end
    /// and primed under <see cref="FsReclaim"/> at registration: a listener lock taken in a callback
    /// and held elsewhere across an allocation is an inversion, reported from one occurrence of each.
    /// </summary>
    public LockdepMap InvalidateRangeStartMap { get; }

    /// <summary>might_alloc(GFP_KERNEL): an allocation may sleep and may enter reclaim, whether or not it does this time.</summary>
    public void MightAlloc(string what)
    {
        Sched.MightSleep("allocates {0} (GFP_KERNEL)", what);
        FsReclaim.Touch();
    }

    public IReadOnlyList<MmStruct> Mms => Atomic.ReadOnce(ref mms);
    public IReadOnlyList<Cpu> Cpus => cpus;
    public IReadOnlyList<AddressSpace> Files => files;
    public IReadOnlyList<AnonVma> AnonVmas => Atomic.ReadOnce(ref anonVmas);

    /// <summary>Every secondary MMU (listener with translations), registered or not.</summary>
    public IReadOnlyList<ISecondaryMmu> Secondaries => Atomic.ReadOnce(ref secondaries);

    /// <summary>Subscribe an observer (an invariant) to the model's events.</summary>
    public void Observe(IKernelObserver observer) => Events.Add(observer);

    /// <summary>Run an observer's own hook (a thread's exit) as one more event: on real threads, never beside another.</summary>
    public Action Observing(Action hook) => () =>
    {
        using var _ = Events.Delivering.Hold();
        hook();
    };

    /// <summary>mm_alloc(): a new address space of <paramref name="pages"/> virtual pages.</summary>
    public MmStruct NewMm(string name, int pages)
    {
        var mm = new MmStruct(this, name, pages);
        using (registry.Hold()) mms = [.. mms, mm];
        return mm;
    }

    /// <summary>A file (its inode's address_space) of <paramref name="pages"/> pages.</summary>
    public AddressSpace NewFile(string name, int pages, bool hugetlb = false)
    {
        var f = new AddressSpace(this, name, pages, hugetlb);
        files.Add(f);
        return f;
    }

    public Cpu NewCpu(string name)
    {
        var cpu = new Cpu(name);
        cpus.Add(cpu);
        return cpu;
    }

    internal AnonVma NewAnonVma(string name, AnonVma? parent)
    {
        var av = new AnonVma(name, parent);
        using (registry.Hold()) anonVmas = [.. anonVmas, av];
        return av;
    }

    private long lastStore, clock;

    /// <summary>
    /// A logical clock for checkers that ask "older than": bumped by each TLB flush as it begins and
    /// each secondary TLB fill, never by anything that decides a schedule.
    /// </summary>
    internal long Tick() => Atomic.IncReturn(ref clock);

    /// <summary>The logical clock's reading, for checkers stamping what they see.</summary>
    public long Now => Atomic.ReadOnce(ref clock);

    /// <summary>The value a store writes: one no earlier store wrote, so every load names its store.</summary>
    internal long NextStoreValue() => Atomic.IncReturn(ref lastStore);

    /// <summary>Called by a secondary MMU's constructor so checkers can see its translations.</summary>
    internal void AddSecondary(ISecondaryMmu mmu)
    {
        using var _ = registry.Hold();
        secondaries = [.. secondaries, mmu];
    }
}
