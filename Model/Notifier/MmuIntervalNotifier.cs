namespace Torture.Model;

/// <summary>
/// include/linux/mmu_notifier.h: struct mmu_interval_notifier, a driver's subscription to the pages
/// [Start, Last] of one mm, with the collision-retry read side of mm/mmu_notifier.c (§2.9).
/// </summary>
public sealed class MmuIntervalNotifier : ISubscription
{
    public MmuIntervalNotifier(string name, MmuIntervalNotifierOps ops)
    {
        Name = name;
        Ops = ops;
    }

    public string Name { get; }
    public MmuIntervalNotifierOps Ops { get; }
    public MmStruct? Mm { get; internal set; }
    public int Start { get; internal set; }

    /// <summary>interval_tree.last: the last page covered (inclusive, as the kernel's tree keeps it).</summary>
    public int Last { get; internal set; }

    /// <summary>->invalidate_seq: always odd (mmu_interval_set_seq is given an odd cur_seq, insert starts it odd).</summary>
    public long InvalidateSeq { get; internal set; }

    /// <summary>In the interval tree (!RB_EMPTY_NODE).</summary>
    public bool InTree { get; internal set; }

    /// <summary>On the deferred list: an insert or remove waiting for the last mn_itree_inv_end().</summary>
    public bool Deferred { get; internal set; }

    public bool Subscribed => InTree || Deferred;

    public string State => Mm is null ? "never inserted" : "removed from the interval tree";

    internal bool Overlaps(MmuNotifierRange range) => range.Start <= Last && range.End > Start;

    /// <summary>
    /// mmu_interval_read_begin(): the sequence to pass to read_retry, after sleeping out an
    /// invalidation that already called this notifier (its seq is the subscriptions' odd one).
    /// </summary>
    public long ReadBegin()
    {
        var subs = Mm!.NotifierSubscriptions!;
        subs.Lock.Lock();
        long seq = InvalidateSeq;
        bool invalidating = seq == subs.InvalidateSeq;
        subs.Lock.Unlock();
        // The wait below is on the invalidations, which take the driver's locks: calling it with one
        // of them held deadlocks, so lockdep is told on every call, waiting or not.
        Mm.Kernel.InvalidateRangeStartMap.Touch();
        // Sleeps until the invalidation ends; read_retry may already be true on return, so the
        // caller bounds its own loop.
        if (invalidating) subs.Wq.WaitEvent(() => subs.InvalidateSeq != seq);
        Mm.Kernel.Events.IntervalReadBegun(this, seq);
        return seq;
    }

    /// <summary>mmu_interval_read_retry(): under the user lock that invalidate takes, so the answer holds until it is dropped.</summary>
    public bool ReadRetry(long seq)
    {
        bool retry = InvalidateSeq != seq;
        Mm!.Kernel.Events.IntervalReadRetried(this, seq, retry);
        return retry;
    }

    /// <summary>mmu_interval_check_retry(): a lockless hint (false proves nothing) that lets a long walk stop early.</summary>
    public bool CheckRetry(long seq)
    {
        Sched.Yield($"READ_ONCE({Name}->invalidate_seq)");
        return InvalidateSeq != seq;
    }

    /// <summary>mmu_interval_set_seq(): from ->invalidate, under the user lock.</summary>
    public void SetSeq(long curSeq) => InvalidateSeq = curSeq;

    public override string ToString() => Name;
}
