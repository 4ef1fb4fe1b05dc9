namespace Torture.Model;

/// <summary>
/// include/linux/kvm_host.h: struct kvm, reduced to one memslot (gfn g = host virtual page g of the
/// VM's mm) and the secondary MMU state the notifier protocol is about (§2.8). SPTEs and the
/// invalidation counters are changed only under <see cref="MmuLock"/>.
/// </summary>
public sealed class Kvm : ISecondaryMmu, IMmuListener
{
    /// <summary>A fault that keeps seeing invalidations gives up after this many retries (RET_PF_RETRY re-entry, bounded).</summary>
    public const int MaxFaultRetries = 3;

    private const int InvalidGfn = -1;
    private readonly Spte?[] sptes;
    private readonly long[] attributes;

    /// <param name="youngBitmap">
    /// Ages its SPTEs locklessly and takes the 2024 proposal's bitmaps (the x86 TDP MMU with
    /// CONFIG_KVM_MMU_LOCKLESS_AGING and the series' bitmap support); otherwise mainline KVM, which ages
    /// under mmu_lock and answers a bitmap with MMU_NOTIFIER_YOUNG_BITMAP_UNRELIABLE, as the series' v3 did.
    /// </param>
    public Kvm(MmStruct mm, string name, bool youngBitmap = false)
    {
        YoungBitmapCapable = youngBitmap;
        Kernel = mm.Kernel;
        Mm = mm;
        Name = name;
        MmuLock = new RwSemaphore("kvm->mmu_lock", name, sleeps: false);
        SlotsLock = new Mutex("kvm->slots_lock", name, sleeps: true);
        sptes = new Spte?[mm.PageTable.Size];
        attributes = new long[mm.PageTable.Size];
        Notifier = new MmuNotifier($"{name}-notifier", new KvmMmuNotifier(this));
        MnMemslotsUpdate = new WaitQueue($"{name}->mn_memslots_update_rcuwait");
        mmuInvalidateSeq = new WeakLong($"{name}->mmu_invalidate_seq");
        mnActiveInvalidateCount = new WeakLong($"{name}->mn_active_invalidate_count");
        Kernel.AddSecondary(this);
        Gpc = new GfnToPfnCache(this);
    }

    /// <summary>
    /// A vCPU in guest mode: kvm_flush_remote_tlbs() kicks every vCPU out of the guest and waits, so
    /// a guest access never overlaps an SPTE change's flush. On real threads, a lock both hold.
    /// </summary>
    internal NativeLock GuestMode { get; } = new();

    /// <summary>A fault that gave up waits for mmu_invalidate_in_progress to drop to 0.</summary>
    internal KvmRetryMonitor FaultWaiter { get; } = new("kvm: vCPU fault", "mmu_invalidate_in_progress");

    /// <summary>A pfn cache refresh that gave up waits for mn_active_invalidate_count to drop to 0.</summary>
    internal KvmRetryMonitor GpcWaiter { get; } = new("kvm: pfn cache refresh", "mn_active_invalidate_count");

    public Kernel Kernel { get; }
    public MmStruct Mm { get; }
    public string Name { get; }

    /// <summary>kvm->mmu_lock, an rwlock as on x86: TDP MMU faults take it for read (SPTEs are then set atomically), invalidations and zaps for write.</summary>
    public RwSemaphore MmuLock { get; }

    /// <summary>kvm->slots_lock: serialises memslot updates.</summary>
    public Mutex SlotsLock { get; }

    /// <summary>kvm->mmu_notifier: its subscription to <see cref="Mm"/>.</summary>
    public MmuNotifier Notifier { get; }

    /// <summary>kvm->mmu_invalidate_seq: bumped by every end under mmu_lock; read locklessly by faults and the pfn cache.</summary>
    public long MmuInvalidateSeq => mmuInvalidateSeq.Value;

    private readonly WeakLong mmuInvalidateSeq;

    /// <summary>READ_ONCE(kvm->mmu_invalidate_seq) without mmu_lock: under weak memory it may be an older value.</summary>
    internal long ReadOnceInvalidateSeq() => mmuInvalidateSeq.ReadOnce();

    /// <summary>kvm->mmu_invalidate_in_progress.</summary>
    public long MmuInvalidateInProgress { get; private set; }

    /// <summary>kvm->mmu_invalidate_range_start/end (gfns), the union of the ranges in progress.</summary>
    public int InvalidateRangeStart { get; private set; } = InvalidGfn;
    public int InvalidateRangeEnd { get; private set; } = InvalidGfn;

    /// <summary>
    /// kvm->mn_active_invalidate_count: raised at the top of every start and dropped at the bottom of
    /// every end, whether or not the range overlaps a memslot. Each update is one step: in the kernel
    /// it is the whole critical section of mn_invalidate_lock.
    /// </summary>
    public int MnActiveInvalidateCount
    {
        get => (int)mnActiveInvalidateCount.Value;
        internal set => mnActiveInvalidateCount.Value = value;
    }

    private readonly WeakLong mnActiveInvalidateCount;

    /// <summary>kvm->mn_invalidate_lock: each of its critical sections is one step in the model, a real lock on real threads.</summary>
    internal NativeLock MnInvalidateLock { get; } = new();

    /// <summary>kvm->mn_active_invalidate_count read without mn_invalidate_lock (mmu_notifier_retry_cache()).</summary>
    internal long ReadOnceActiveInvalidateCount() => mnActiveInvalidateCount.ReadOnce();

    /// <summary>kvm->mn_memslots_update_rcuwait: a memslot update sleeps here until no invalidation is active.</summary>
    internal WaitQueue MnMemslotsUpdate { get; }

    /// <summary>The VM's one memslot (gfn g = hva g over the whole mm) as the active memslots hold it.</summary>
    public MemslotState Memslot { get; internal set; } = MemslotState.Present;

    /// <summary>Faults may map through the memslot (present and not being deleted).</summary>
    public bool HasMemslot => Memslot == MemslotState.Present;

    /// <summary>kvm_memslots(kvm)->generation: bumped by every memslot swap, so a cache built on the old slots notices.</summary>
    public long MemslotsGeneration { get; internal set; }

    /// <summary>
    /// kvm->arch.mmu_valid_gen: a memslot deletion's fast zap bumps it under mmu_lock, making every
    /// root obsolete, so a fault that looked up the old slot finds itself stale (is_obsolete_sp()).
    /// </summary>
    public long MmuValidGen { get; internal set; }

    /// <summary>The VM's gfn_to_pfn_cache (one, like the Xen shared-info page or the steal-time area).</summary>
    public GfnToPfnCache Gpc { get; }

    /// <summary>Lockless aging with bitmap support: the young ops answer MMU_NOTIFIER_YOUNG_FAST.</summary>
    public bool YoungBitmapCapable { get; }

    /// <summary>KVM_BUG_ON() fired: the VM is marked dead.</summary>
    public bool Bugged { get; private set; }

    public IReadOnlyList<Spte?> Sptes => sptes;

    public int Gfns => sptes.Length;

    /// <summary>The memslot's gfn for a host virtual page (identity in the model).</summary>
    public static int HvaToGfn(int hva) => hva;

    public static int GfnToHva(int gfn) => gfn;

    /// <summary>Whether an hva range overlaps the memslot (kvm_handle_hva_range() does nothing otherwise).</summary>
    public bool Overlaps(MmuNotifierRange range) => Memslot != MemslotState.Absent && range.Start < sptes.Length && range.End > 0;

    /// <summary>
    /// The fault's lockless read of mmu_invalidate_seq (READ_ONCE + smp_rmb): a scheduling point, so
    /// the read can be ordered either way against an invalidation on another thread.
    /// </summary>
    public long ReadInvalidateSeq()
    {
        Sched.Yield($"READ_ONCE({Name}->mmu_invalidate_seq)");
        long seq = ReadOnceInvalidateSeq();
        Sched.Note($"{Name}: mmu_invalidate_seq = {seq}");
        return seq;
    }

    /// <summary>include/linux/kvm_host.h: mmu_invalidate_retry_gfn(): must the fault be retried? Under mmu_lock.</summary>
    public bool InvalidateRetryGfn(long mmuSeq, int gfn)
    {
        AssertLocked("mmu_invalidate_retry_gfn", write: false);
        // An invalidation that started before the snapshot may have cleared the PTE before GUP read it
        // and still be running: only in_progress shows it, seq moves only at its end.
        if (!Kernel.Faults.On(Mutant.KvmSeqOnly) && MmuInvalidateInProgress > 0)
        {
            if (InvalidateRangeStart == InvalidGfn)
            {
                Sched.Note($"{Name}: invalidation in progress with no range: retry");
                return true;
            }
            if (gfn >= InvalidateRangeStart && gfn < InvalidateRangeEnd) return true;
        }
        // A whole start..end between the snapshot and here leaves in_progress back at 0: only seq shows it.
        if (!Kernel.Faults.On(Mutant.KvmCountOnly) && MmuInvalidateSeq != mmuSeq) return true;
        return false;
    }

    /// <summary>
    /// include/linux/kvm_host.h: mmu_invalidate_retry_gfn_unsafe(): the fault's precheck without
    /// mmu_lock, a memory access of its own; false negatives are fine, the locked check follows.
    /// </summary>
    public bool InvalidateRetryGfnUnsafe(long mmuSeq, int gfn)
    {
        Sched.Yield($"READ_ONCE({Name}->mmu_invalidate_in_progress)");
        if (MmuInvalidateInProgress > 0 && gfn >= InvalidateRangeStart && gfn < InvalidateRangeEnd) return true;
        return ReadOnceInvalidateSeq() != mmuSeq;
    }

    /// <summary>kvm_mmu_invalidate_begin(): the first invalidation in progress starts with no range. Under mmu_lock.</summary>
    internal void InvalidateBegin()
    {
        AssertLocked("kvm_mmu_invalidate_begin");
        FaultWaiter.Raised();
        if (++MmuInvalidateInProgress == 1)
        {
            InvalidateRangeStart = InvalidGfn;
            InvalidateRangeEnd = InvalidGfn;
        }
    }

    /// <summary>kvm_mmu_invalidate_range_add(): widen the range in progress, per memslot the invalidation overlaps. Under mmu_lock.</summary>
    internal void InvalidateRangeAdd(int startGfn, int endGfn)
    {
        AssertLocked("kvm_mmu_invalidate_range_add");
        KernelBug.WarnOn(MmuInvalidateInProgress == 0, $"{Name}: kvm_mmu_invalidate_range_add() with no invalidation in progress");
        if (InvalidateRangeStart == InvalidGfn)
        {
            InvalidateRangeStart = startGfn;
            InvalidateRangeEnd = endGfn;
        }
        else
        {
            InvalidateRangeStart = Math.Min(InvalidateRangeStart, startGfn);
            InvalidateRangeEnd = Math.Max(InvalidateRangeEnd, endGfn);
        }
    }

    /// <summary>kvm_mmu_invalidate_end(): seq first, then the count (smp_wmb between them in the kernel). Under mmu_lock.</summary>
    internal void InvalidateEnd()
    {
        AssertLocked("kvm_mmu_invalidate_end");
        mmuInvalidateSeq.Value++;
        MmuInvalidateInProgress--;
        FaultWaiter.Dropped();
        if (MmuInvalidateInProgress < 0)
        {
            Bugged = true;   // KVM_BUG_ON(kvm->mmu_invalidate_in_progress < 0, kvm)
            Sched.Note($"{Name}: KVM_BUG_ON: mmu_invalidate_in_progress = {MmuInvalidateInProgress}");
        }
    }

    /// <summary>
    /// The generation of what KVM itself decides about a gfn before it maps it (its memory type from
    /// the MTRRs, whether it is the APIC-access page): bumped by <see cref="KvmZapGfnRange"/>.
    /// </summary>
    public long AttributesGeneration(int gfn) => attributes[gfn];

    internal void ChangeAttributes(int gfn) => attributes[gfn]++;

    /// <summary>Map a gfn (the fault's last step) as decided under the attributes of <paramref name="attributesGeneration"/>. Under mmu_lock.</summary>
    internal void InstallSpte(int gfn, PageRef page, bool writable, long attributesGeneration)
    {
        AssertLocked("install SPTE", write: false);
        using var _ = GuestMode.Hold();
        // The fault maps the SPTE accessed (shadow_accessed_mask), as the guest is about to use it.
        sptes[gfn] = new Spte(page, writable, Sched.ThreadName) { Young = true, Attributes = attributesGeneration };
        Sched.Note($"{Name}: SPTE gfn{gfn} -> {page} {(writable ? "rw" : "ro")}");
        Kernel.Events.SecondaryMapped(this, gfn);
    }

    /// <summary>kvm_unmap_gfn_range() + the remote TLB flush: zap, passing the A/D bits to the pages. Under mmu_lock.</summary>
    internal void ZapGfnRange(int startGfn, int endGfn)
    {
        AssertLocked("kvm_unmap_gfn_range");
        using var _ = GuestMode.Hold();
        for (int gfn = Math.Max(0, startGfn); gfn < Math.Min(endGfn, sptes.Length); gfn++)
        {
            if (sptes[gfn] is not { } s) continue;
            TryGetTranslation(gfn, out var old);
            sptes[gfn] = null;
            Sched.Note($"{Name}: zap SPTE gfn{gfn} -> {s.Page}");
            Kernel.Events.SecondaryUnmapped(this, gfn, old);
            if (s.Dirty) Kernel.Pages.MarkDirty(s.Page, $"{Name} zap");   // kvm_set_pfn_dirty()
        }
    }

    /// <summary>kvm_set_spte_gfn() -> kvm_set_pte_rmap(): a writable new PTE drops the SPTE, a read-only one re-points it. Under mmu_lock.</summary>
    internal void ChangeSpte(int gfn, Pte pte)
    {
        if (sptes[gfn] is null) return;
        ZapGfnRange(gfn, gfn + 1);
        if (pte.IsPresent && !pte.Write) InstallSpte(gfn, pte.Page, writable: false, attributes[gfn]);
    }

    /// <summary>
    /// The guest touched a gfn through its SPTE: a hit in the guest's TLB sets nothing (the entry was
    /// cached with its accessed bit already set), a walk sets the SPTE's A (and on a store D) bits.
    /// </summary>
    internal void Touch(int gfn, bool write)
    {
        using var _ = GuestMode.Hold();   // reentrant: the guest access holds it already
        if (sptes[gfn] is not { } s) return;
        bool cachedHit = s.Cached && (!write || s.Dirty);
        if (!cachedHit)
        {
            s.Young = true;
            if (write) s.Dirty = true;
            s.Cached = true;
        }
        Kernel.Events.SecondaryAccessed(this, gfn, s.Page, cachedHit);
    }

    /// <summary>
    /// kvm_handle_hva_range() with kvm_age_gfn() (<paramref name="clear"/>) or kvm_test_age_gfn():
    /// under mmu_lock, or locklessly one SPTE at a time when <see cref="YoungBitmapCapable"/>. The
    /// model flushes each entry it clears at once when <paramref name="flush"/>, where KVM flushes
    /// once after the walk (Model/README.md).
    /// </summary>
    internal MmuNotifierYoungFlags Age(int start, int end, bool clear, bool flush, YoungBitmap? bitmap)
    {
        if (start >= sptes.Length || end <= 0) return MmuNotifierYoungFlags.None;
        bool lockless = YoungBitmapCapable;
        // A bitmap this KVM cannot use: it ages the whole range as without one and says so.
        bool unusable = bitmap is not null && !YoungBitmapCapable;
        bool absolute = Kernel.Faults.On(Mutant.YoungBitmapAbsoluteIndex);
        if (!lockless) MmuLock.DownWrite();
        bool young = false;
        for (int gfn = Math.Max(0, HvaToGfn(start)); gfn < Math.Min(HvaToGfn(end), sptes.Length); gfn++)
        {
            if (lockless) Sched.Yield($"{Name}: lockless age gfn{gfn}");   // each SPTE is one atomic test-and-clear
            using var _ = GuestMode.Hold();   // the guest sets A/D bits atomically: never inside this test-and-clear
            if (sptes[gfn] is not { } s) continue;
            int hva = GfnToHva(gfn);
            // clear_young with a bitmap clears only the pages the caller named: the others' accessed
            // bits are information the caller has not consumed.
            if (!(bitmap is null || unusable || !clear || Kernel.Faults.On(Mutant.YoungClearIgnoresBitmap) || BitmapTest(bitmap, hva, absolute))) continue;
            bool was = s.Young;
            bool cleared = clear && was;
            if (cleared)
            {
                s.Young = false;
                if (flush) s.Cached = false;   // kvm_flush_remote_tlbs(): the next access walks and sets A again
            }
            if (was && bitmap is not null && !clear && !unusable) BitmapSet(bitmap, hva, absolute);
            Kernel.Events.SecondaryYoungScanned(this, gfn, hva, s.Page, was, cleared, flush && cleared);
            young |= was;
        }
        if (!lockless) MmuLock.UpWrite();
        var ret = young ? MmuNotifierYoungFlags.Young : MmuNotifierYoungFlags.None;
        if (unusable) ret |= MmuNotifierYoungFlags.BitmapUnreliable;
        if (lockless && young) ret |= MmuNotifierYoungFlags.Fast;
        return ret;
    }

    // The proposal's bit i is the page start + i; the fault switch indexes the word by gfn.
    private static bool BitmapTest(YoungBitmap b, int hva, bool absolute) => absolute ? (b.Bits >> hva & 1) != 0 : b.Test(hva);

    private static void BitmapSet(YoungBitmap b, int hva, bool absolute)
    {
        if (absolute) b.Bits |= 1UL << hva;
        else b.Set(hva);
    }

    private void AssertLocked(string what, bool write = true) =>
        KernelBug.On(write ? !MmuLock.IsWriteHeldByCurrent : !MmuLock.IsHeldByCurrent, $"{Name}: {what} without {MmuLock.Name}{(write ? " held for write" : "")}");

    // ---- ISecondaryMmu -----------------------------------------------------------------------

    ISubscription ISecondaryMmu.Subscription => Notifier;

    public int TranslationSlots => sptes.Length;

    public bool TryGetTranslation(int slot, out SecondaryTranslation translation)
    {
        if (sptes[slot] is { } s)
        {
            translation = new SecondaryTranslation("SPTE", slot, Mm, GfnToHva(slot), s.Page, s.Writable, s.InstalledBy);
            return true;
        }
        translation = default;
        return false;
    }

    public long ActiveInvalidations => MmuInvalidateInProgress;

    public string? Outdated(SecondaryTranslation t) =>
        sptes[t.Slot] is { } s && s.Attributes != attributes[t.Slot]
            ? $"it was built under gfn{t.Slot}'s attributes of generation {s.Attributes}, which an internal zap replaced (now {attributes[t.Slot]})"
            : null;

    public override string ToString() => Name;
}
