namespace Torture.Model;

/// <summary>drivers/misc/sgi-gru/grutlbpurge.c: gru_mmuops, one per kernel (mmu_notifier_get_locked() finds a process's gms by it).</summary>
public sealed class GruMmuNotifier : MmuNotifierOps
{
    private readonly List<GruMmStruct> live = new();
    private readonly NativeLock liveLock = new();   // the kernel finds gms by the mm's notifier list, not by a list of its own

    public override string Name => "gru_mmuops";

    public override MmuNotifierOp Implements =>
        MmuNotifierOp.Release | MmuNotifierOp.InvalidateRangeStart | MmuNotifierOp.InvalidateRangeEnd |
        MmuNotifierOp.AllocNotifier | MmuNotifierOp.FreeNotifier;

    /// <summary>The gms behind a notifier this ops allocated.</summary>
    public GruMmStruct Of(MmuNotifier sub)
    {
        using var _ = liveLock.Hold();
        return live.First(g => ReferenceEquals(g.Notifier, sub));
    }

    /// <summary>gru_invalidate_range_start(): count the range, then flush it from every context's TLB.</summary>
    public override int InvalidateRangeStart(MmuNotifier sub, MmuNotifierRange range)
    {
        var gms = Of(sub);
        // Counted before the flush: a dropin that checks after the flush sees the count and fails.
        gms.RangeActiveInc();
        gms.FlushTlbRange(range.Start, range.End);
        return 0;
    }

    /// <summary>gru_invalidate_range_end(): atomic_dec_and_test ("provides needed barrier"), then wake the dropins.</summary>
    public override void InvalidateRangeEnd(MmuNotifier sub, MmuNotifierRange range)
    {
        var gms = Of(sub);
        // The sequence moves before the count drops, so a dropin that sees the count at 0 sees the bump.
        gms.SeqInc();
        if (gms.RangeActiveDecAndTest() && gms.MsWaitQueue.HasSleepers) gms.MsWaitQueue.WakeUpAll();
    }

    /// <summary>
    /// Mainline GRU has no ->release: a dead process issues no GRU instruction, and gru_vma_close()
    /// unloads its contexts later. The model drops their TLB entries here instead, so the checkers
    /// need not know the process is dead (Model/README.md).
    /// </summary>
    public override void Release(MmuNotifier sub, MmStruct mm) => Of(sub).FlushTlbRange(0, int.MaxValue);

    /// <summary>gru_alloc_notifier().</summary>
    public override MmuNotifier AllocNotifier(MmStruct mm)
    {
        var gms = new GruMmStruct(mm, this);
        using (liveLock.Hold()) live.Add(gms);
        return gms.Notifier;
    }

    /// <summary>gru_free_notifier(): after the SRCU grace period that follows the last put.</summary>
    public override void FreeNotifier(MmuNotifier sub)
    {
        using var _ = liveLock.Hold();
        live.Remove(Of(sub));
    }
}
