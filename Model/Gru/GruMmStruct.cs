namespace Torture.Model;

/// <summary>
/// drivers/misc/sgi-gru/grutables.h: struct gru_mm_struct, one per mm, shared through
/// mmu_notifier_get_locked() by every GRU context of the process (§2.10). Its invalidation state is
/// the counter GRU has (ms_range_active, with a wait queue) plus the sequence the design lacks:
/// <see cref="Mutant.GruCountOnly"/> drops the sequence and shows why KVM and HMM carry one.
/// </summary>
public sealed class GruMmStruct
{
    private readonly List<GruContext> contexts = new(2);

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
    public int RangeActive { get; internal set; }

    /// <summary>Bumped by every end: a dropin that saw another value lost a whole start..end.</summary>
    public long Seq { get; internal set; }

    /// <summary>gms->ms_wait_queue: dropins wait here for the active invalidations to end.</summary>
    public WaitQueue MsWaitQueue { get; }

    /// <summary>The contexts using this ASID, whose TLBs a flush reaches.</summary>
    public IReadOnlyList<GruContext> Contexts => contexts;

    internal void Attach(GruContext ctx) => contexts.Add(ctx);

    internal void Detach(GruContext ctx) => contexts.Remove(ctx);

    /// <summary>
    /// gru_flush_tlb_range(): a walk of gms->ms_asidmap (a memory access other CPUs race with, so a
    /// scheduling point), then a TGH invalidate for every context of this ASID.
    /// </summary>
    internal void FlushTlbRange(int start, int end)
    {
        Sched.Yield($"{Notifier.Name}: gru_flush_tlb_range reads ms_asidmap");
        foreach (var ctx in contexts) ctx.Flush(start, end);
    }

    public override string ToString() => Notifier.Name;
}
