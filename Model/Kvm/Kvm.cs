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

    public Kvm(MmStruct mm, string name)
    {
        Kernel = mm.Kernel;
        Mm = mm;
        Name = name;
        MmuLock = new Mutex("kvm->mmu_lock", name);
        sptes = new Spte?[mm.PageTable.Size];
        Notifier = new MmuNotifier($"{name}-notifier", new KvmMmuNotifier(this));
        Kernel.AddSecondary(this);
    }

    public Kernel Kernel { get; }
    public MmStruct Mm { get; }
    public string Name { get; }

    /// <summary>kvm->mmu_lock (an rwlock on x86; the model's faults and invalidations both take it exclusively).</summary>
    public Mutex MmuLock { get; }

    /// <summary>kvm->mmu_notifier: its subscription to <see cref="Mm"/>.</summary>
    public MmuNotifier Notifier { get; }

    /// <summary>kvm->mmu_invalidate_seq: bumped by every end; read locklessly by faults.</summary>
    public long MmuInvalidateSeq { get; private set; }

    /// <summary>kvm->mmu_invalidate_in_progress.</summary>
    public long MmuInvalidateInProgress { get; private set; }

    /// <summary>kvm->mmu_invalidate_range_start/end (gfns), the union of the ranges in progress.</summary>
    public int InvalidateRangeStart { get; private set; } = InvalidGfn;
    public int InvalidateRangeEnd { get; private set; } = InvalidGfn;

    /// <summary>KVM_BUG_ON() fired: the VM is marked dead.</summary>
    public bool Bugged { get; private set; }

    public IReadOnlyList<Spte?> Sptes => sptes;

    public int Gfns => sptes.Length;

    /// <summary>The memslot's gfn for a host virtual page (identity in the model).</summary>
    public static int HvaToGfn(int hva) => hva;

    public static int GfnToHva(int gfn) => gfn;

    /// <summary>Whether an hva range overlaps the memslot (kvm_handle_hva_range() does nothing otherwise).</summary>
    public bool Overlaps(MmuNotifierRange range) => range.Start < sptes.Length && range.End > 0;

    /// <summary>
    /// The fault's lockless read of mmu_invalidate_seq (READ_ONCE + smp_rmb): a scheduling point, so
    /// the read can be ordered either way against an invalidation on another thread.
    /// </summary>
    public long ReadInvalidateSeq()
    {
        Sched.Yield($"READ_ONCE({Name}->mmu_invalidate_seq)");
        Sched.Note($"{Name}: mmu_invalidate_seq = {MmuInvalidateSeq}");
        return MmuInvalidateSeq;
    }

    /// <summary>include/linux/kvm_host.h: mmu_invalidate_retry_gfn(): must the fault be retried? Under mmu_lock.</summary>
    public bool InvalidateRetryGfn(long mmuSeq, int gfn)
    {
        AssertLocked("mmu_invalidate_retry_gfn");
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

    /// <summary>kvm_mmu_invalidate_begin() + kvm_mmu_invalidate_range_add(). Under mmu_lock.</summary>
    internal void InvalidateBegin(int startGfn, int endGfn)
    {
        AssertLocked("kvm_mmu_invalidate_begin");
        if (++MmuInvalidateInProgress == 1)
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
        MmuInvalidateSeq++;
        MmuInvalidateInProgress--;
        if (MmuInvalidateInProgress < 0)
        {
            Bugged = true;   // KVM_BUG_ON(kvm->mmu_invalidate_in_progress < 0, kvm)
            Sched.Note($"{Name}: KVM_BUG_ON: mmu_invalidate_in_progress = {MmuInvalidateInProgress}");
        }
    }

    /// <summary>Map a gfn (the fault's last step). Under mmu_lock.</summary>
    internal void InstallSpte(int gfn, PageRef page, bool writable)
    {
        AssertLocked("install SPTE");
        sptes[gfn] = new Spte(page, writable, Sched.ThreadName);
        Sched.Note($"{Name}: SPTE gfn{gfn} -> {page} {(writable ? "rw" : "ro")}");
        Kernel.Events.SecondaryMapped(this, gfn);
    }

    /// <summary>kvm_unmap_gfn_range() + the remote TLB flush: zap, passing the A/D bits to the pages. Under mmu_lock.</summary>
    internal void ZapGfnRange(int startGfn, int endGfn)
    {
        AssertLocked("kvm_unmap_gfn_range");
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
        if (pte.IsPresent && !pte.Write) InstallSpte(gfn, pte.Page, writable: false);
    }

    /// <summary>The guest touched a gfn through its SPTE: the hardware sets the SPTE's A/D bits.</summary>
    internal void MarkAccessed(int gfn, bool write)
    {
        if (sptes[gfn] is not { } s) return;
        s.Young = true;
        if (write) s.Dirty = true;
    }

    private void AssertLocked(string what) =>
        KernelBug.On(!MmuLock.IsHeldByCurrent, $"{Name}: {what} without {MmuLock.Name}");

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

    public override string ToString() => Name;
}
