namespace Torture.Model;

/// <summary>
/// drivers/misc/sgi-gru/grutables.h: struct gru_mm_struct, one per mm, shared through
/// mmu_notifier_get_locked() by every GRU context of the process (§2.10). Its invalidation state is
/// the counter GRU has (ms_range_active, with a wait queue) plus the sequence the design lacks:
/// <see cref="Mutant.GruCountOnly"/> drops the sequence and shows why KVM and HMM carry one.
/// </summary>
public sealed class GruMmStruct
{
    // Replaced whole (detach runs without mmap_lock while a flush walks it).
    private GruContext[] contexts = Array.Empty<GruContext>();
    private readonly NativeLock attaching = new();
    private int rangeActive;
    private long seq;

    internal GruMmStruct(MmStruct mm, GruMmuNotifier ops)
    {
        Mm = mm;
        Notifier = new MmuNotifier($"gms-{mm.Name}", ops);
        MsWaitQueue = new WaitQueue($"gms-{mm.Name}->ms_wait_queue");
    }

    public MmStruct Mm { get; }

    /// <summary>gms->ms_notifier.</summary>
    public MmuNotifier Notifier { get; }

    /// <summary>gms->ms_range_active: invalidations between start and end.</summary>
    public int RangeActive
    {
        get => Atomic.ReadOnce(ref rangeActive);
        internal set => Atomic.WriteOnce(ref rangeActive, value);
    }

    /// <summary>atomic_inc(&amp;gms->ms_range_active).</summary>
    internal void RangeActiveInc() => Atomic.IncReturn(ref rangeActive);

    /// <summary>atomic_dec_and_test(&amp;gms->ms_range_active).</summary>
    internal bool RangeActiveDecAndTest() => Atomic.DecReturn(ref rangeActive) == 0;

    /// <summary>Bumped by every end: a dropin that saw another value lost a whole start..end.</summary>
    public long Seq => Atomic.ReadOnce(ref seq);

    internal void SeqInc() => Atomic.IncReturn(ref seq);

    /// <summary>gms->ms_wait_queue: dropins wait here for the active invalidations to end.</summary>
    public WaitQueue MsWaitQueue { get; }

    /// <summary>The contexts using this ASID, whose TLBs a flush reaches.</summary>
    public IReadOnlyList<GruContext> Contexts => Atomic.ReadOnce(ref contexts);

    internal void Attach(GruContext ctx)
    {
        using var _ = attaching.Hold();
        Atomic.WriteOnce(ref contexts, [.. contexts, ctx]);
    }

    internal void Detach(GruContext ctx)
    {
        using var _ = attaching.Hold();
        Atomic.WriteOnce(ref contexts, Array.FindAll(contexts, c => !ReferenceEquals(c, ctx)));
    }

    /// <summary>
    /// gru_flush_tlb_range(): a walk of gms->ms_asidmap (a memory access other CPUs race with, so a
    /// scheduling point), then a TGH invalidate for every context of this ASID.
    /// </summary>
    internal void FlushTlbRange(int start, int end)
    {
        Sched.Yield($"{Notifier.Name}: gru_flush_tlb_range reads ms_asidmap");
        foreach (var ctx in Contexts) ctx.Flush(start, end);
    }

    public override string ToString() => Notifier.Name;
}
