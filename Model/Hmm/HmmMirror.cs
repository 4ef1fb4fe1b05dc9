namespace Torture.Model;

/// <summary>
/// lib/test_hmm.c: struct dmirror, a device that mirrors an mm through an interval notifier over
/// the whole address space: a device page table holding no page references, the driver mutex that
/// serialises its updates with invalidations (the "user lock" of Documentation/mm/hmm.rst), and
/// faults through hmm_range_fault() with the read_begin/read_retry protocol.
/// </summary>
public sealed class HmmMirror : MmuIntervalNotifierOps, ISecondaryMmu, IMmBound
{
    /// <summary>A device fault that keeps colliding with invalidations gives up after this many tries (dmirror's timeout, bounded).</summary>
    public const int MaxFaultRetries = 3;

    private readonly Spte?[] pt;

    /// <summary>
    /// dmirror_fops_open(): a mirror of <paramref name="mm"/> whose interval notifier covers the whole
    /// address space; null when the insert failed (the first insert registers, which a signal can interrupt).
    /// </summary>
    public static HmmMirror? Open(MmStruct mm, string name, SignalPending signals)
    {
        var dev = Create(mm, name);
        return dev.Insert(signals) == 0 ? dev : null;
    }

    /// <summary>The device and its mirror, before the open inserts the interval notifier.</summary>
    public static HmmMirror Create(MmStruct mm, string name) => new(mm, name);

    /// <summary>dmirror_fops_open()'s mmu_interval_notifier_insert() over the whole address space: 0 or an errno.</summary>
    internal int Insert(SignalPending signals) => MmuIntervalNotifierInsert.Insert(Notifier, Mm, 0, Mm.PageTable.Size, signals);

    private HmmMirror(MmStruct mm, string name)
    {
        Kernel = mm.Kernel;
        Mm = mm;
        DeviceName = name;
        Mutex = new Mutex("dmirror->mutex", name, sleeps: true);
        pt = new Spte?[mm.PageTable.Size];
        Notifier = new MmuIntervalNotifier($"{name}-interval", this);
        Kernel.AddSecondary(this);
    }

    public Kernel Kernel { get; }
    public MmStruct Mm { get; }
    public string DeviceName { get; }

    /// <summary>dmirror->mutex: the user lock: invalidate and the fault's update both hold it.</summary>
    public Mutex Mutex { get; }

    /// <summary>dmirror->notifier.</summary>
    public MmuIntervalNotifier Notifier { get; }

    /// <summary>dmirror_fops_release() has begun: the device is gone, its table unreachable.</summary>
    public bool Closed { get; private set; }

    public override string Name => $"{DeviceName} dmirror_min_ops";

    /// <summary>The device page table entry for va (xa_load(&dmirror->pt)), or null.</summary>
    public Spte? Entry(int va) => Atomic.ReadOnce(ref pt[va]);

    /// <summary>
    /// The device's TLB: an update's invalidation completes before the driver returns, never inside
    /// one device access. On real threads, a lock the access and the update both hold.
    /// </summary>
    internal NativeLock DeviceTlb { get; } = new();

    /// <summary>
    /// dmirror_interval_invalidate(): set the seq and drop the range's entries, both under the user
    /// lock. Its own migration (MIGRATE with itself as owner) replaces the entries itself, so only the
    /// seq moves: nouveau's split; lib/test_hmm.c returns before the seq (<see cref="Mutant.HmmOwnMigrateSkipsSetSeq"/>).
    /// </summary>
    public override bool Invalidate(MmuIntervalNotifier sub, MmuNotifierRange range, long curSeq)
    {
        bool own = range.Event == MmuNotifierEvent.Migrate && (ReferenceEquals(range.Owner, this) || Kernel.Faults.On(Mutant.HmmMigrateFilterIgnoresOwner));
        if (own && Kernel.Faults.On(Mutant.HmmOwnMigrateSkipsSetSeq)) return true;
        if (range.Blockable) Mutex.Lock();
        else if (!Mutex.TryLock()) return false;
        // Under the lock the fault's read_retry takes: the fault sees either this seq or the dropped entries.
        if (!Kernel.Faults.On(Mutant.HmmSkipSetSeq)) sub.SetSeq(curSeq);
        if (!own) DoUpdate(range.Start, range.End);
        Mutex.Unlock();
        return true;
    }

    /// <summary>
    /// xa_erase() of va's entry by the migration, before it copies the page: from here the device
    /// faults (and waits on the migration entry) instead of storing into the page being copied.
    /// </summary>
    internal void EraseForMigration(int va) => DoUpdate(va, va + 1);

    /// <summary>
    /// dmirror_migrate_finalize_and_map(): va's entry is the device page the migration moved to, if
    /// the CPU's PTE still maps it. The model maps after migrate_vma_finalize() by the interval
    /// protocol; test_hmm maps before it, unchecked, and a concurrent zap of the migration entry
    /// would leave it an entry to a page the finalize frees (Model/README.md).
    /// </summary>
    internal void MapMigrated(int va, PageRef dpage, bool write)
    {
        long seq = Notifier.ReadBegin();
        // The PTE read after read_begin sees what ran before it, read_retry under the lock what ran since.
        var pte = Mm.PageTable[va];
        Mutex.Lock();
        if (pte.Maps(dpage, exclusive: false) && !Notifier.ReadRetry(seq)) DoFault(va, new[] { dpage }, new[] { write && pte.Write });
        Mutex.Unlock();
    }

    /// <summary>dmirror_do_update(): drop the entries of [start, end).</summary>
    private void DoUpdate(int start, int end)
    {
        using var _ = DeviceTlb.Hold();
        for (int va = Math.Max(0, start); va < Math.Min(end, pt.Length); va++)
        {
            if (pt[va] is not { } e) continue;
            var old = Translation(va, e);
            pt[va] = null;
            Sched.Note($"{DeviceName}: drop entry va{va} -> {old.Page}");
            Kernel.Events.SecondaryUnmapped(this, va, old);
        }
    }

    /// <summary>dmirror_do_fault(): map what hmm_range_fault() found; the caller holds the user lock and read_retry said no.</summary>
    internal void DoFault(int start, PageRef[] pfns, bool[] writable)
    {
        KernelBug.On(!Mutex.IsHeldByCurrent, $"{DeviceName}: dmirror_do_fault without {Mutex.Name}");
        for (int i = 0; i < pfns.Length; i++)
        {
            // xa_store(&dmirror->pt, ..., GFP_ATOMIC): an allocation that may enter reclaim would wait
            // on invalidations that take this mutex (HmmAllocatesUnderMirrorLock makes it GFP_KERNEL).
            if (Kernel.Faults.On(Mutant.HmmAllocatesUnderMirrorLock)) Kernel.MightAlloc("dmirror->pt (xa_store GFP_KERNEL)");
            Atomic.WriteOnce(ref pt[start + i], new Spte(pfns[i], writable[i], Sched.ThreadName));
            Sched.Note($"{DeviceName}: entry va{start + i} -> {pfns[i]} {(writable[i] ? "rw" : "ro")}");
            Kernel.Events.SecondaryMapped(this, start + i);
            // Device stores set no PTE bit: a writable entry marks the page dirty now, as KVM does.
            if (writable[i]) Kernel.Pages.MarkDirty(pfns[i], $"{DeviceName} fault");
        }
    }

    /// <summary>
    /// dmirror_fops_release(): remove the notifier (waiting out a running invalidation), then free
    /// the mirror. Release runs when no ioctl can: from its start the device page table is unreachable.
    /// </summary>
    internal void Close()
    {
        Closed = true;
        MmuIntervalNotifierRemove.Remove(Notifier);
        Array.Clear(pt);   // xa_destroy(): the table goes with the mirror
        Kernel.Events.IntervalNotifierFreed(Notifier);
    }

    // ---- ISecondaryMmu -----------------------------------------------------------------------

    string ISecondaryMmu.Name => DeviceName;
    ISubscription ISecondaryMmu.Subscription => Notifier;
    public int TranslationSlots => pt.Length;

    public bool TryGetTranslation(int slot, out SecondaryTranslation translation)
    {
        if (!Closed && pt[slot] is { } e)
        {
            translation = Translation(slot, e);
            return true;
        }
        translation = default;
        return false;
    }

    private SecondaryTranslation Translation(int va, Spte e) => new("device PTE", va, Mm, va, e.Page, e.Writable, e.InstalledBy);

    /// <summary>The interval protocol keeps no count of its own: the subscriptions' odd seq is the count.</summary>
    public long ActiveInvalidations => 0;

    public override string ToString() => DeviceName;
}
