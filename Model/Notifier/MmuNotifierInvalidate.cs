namespace Torture.Model;

/// <summary>
/// include/linux/mmu_notifier.h and mm/mmu_notifier.c: the invalidate_range_start/end dispatch, to
/// the interval notifiers first (has_itree), then over the notifier list.
/// </summary>
public static class MmuNotifierInvalidate
{
    /// <summary>mmu_notifier_invalidate_range_start(): blockable, cannot fail.</summary>
    public static void Start(MmuNotifierRange range)
    {
        Sched.MightSleep("calls invalidate_range_start({0}), which may sleep", range);
        var map = range.Mm.Kernel.InvalidateRangeStartMap;
        // Acquired whether or not the mm has listeners: the locks held here are ordered before every
        // lock any listener may take in a callback.
        map.Acquire();
        range.Blockable = true;
        if (range.Mm.NotifierSubscriptions is { } subs)   // mm_has_notifiers(): READ_ONCE of the pointer
        {
            int ret = RangeStart(subs, range);
            KernelBug.WarnOn(ret != 0, $"blockable invalidate_range_start({range}) failed with {ret}");
        }
        map.Release();
    }

    /// <summary>mmu_notifier_invalidate_range_start_nonblock(): on an error the caller must neither touch the range nor call end.</summary>
    public static int StartNonblock(MmuNotifierRange range)
    {
        var map = range.Mm.Kernel.InvalidateRangeStartMap;
        map.Acquire();
        range.Blockable = false;
        int ret = range.Mm.NotifierSubscriptions is { } subs ? RangeStart(subs, range) : 0;
        map.Release();
        return ret;
    }

    // __mmu_notifier_invalidate_range_start()
    private static int RangeStart(MmuNotifierSubscriptions subs, MmuNotifierRange range)
    {
        if (subs.HasItree)
        {
            int ret = MmuNotifierItree.Invalidate(subs, range);
            if (ret != 0)
            {
                // Before any list listener's start: the caller of a failed start calls no end, so a
                // start given now would never be ended.
                if (range.Mm.Kernel.Faults.On(Mutant.ItreeEagainStartsHlist)) HlistInvalidateRangeStart(subs, range);
                return ret;
            }
        }
        int hret = HlistInvalidateRangeStart(subs, range);
        // A list listener refused: the caller calls no end, so the intervals' invalidation, begun and
        // counted above, must end here or seq stays odd and every interval reader sleeps forever.
        // Mainline (mm/mmu_notifier.c as read for this model) returns without it (Model/README.md).
        if (hret != 0 && subs.HasItree) MmuNotifierItree.InvEnd(subs, range);
        return hret;
    }

    /// <summary>mmu_notifier_invalidate_range_end().</summary>
    public static void End(MmuNotifierRange range)
    {
        if (range.Blockable) Sched.MightSleep("calls invalidate_range_end({0}), which may sleep", range);
        if (range.Mm.NotifierSubscriptions is not { } subs) return;
        var k = range.Mm.Kernel;
        k.InvalidateRangeStartMap.Acquire();
        if (subs.HasItree) MmuNotifierItree.InvEnd(subs, range);
        int id = k.Srcu.ReadLock();
        HlistInvalidateEnd(subs, range);
        k.Srcu.ReadUnlock(id);
        k.InvalidateRangeStartMap.Release();
    }

    // mm/mmu_notifier.c: mn_hlist_invalidate_range_start()
    private static int HlistInvalidateRangeStart(MmuNotifierSubscriptions subs, MmuNotifierRange range)
    {
        var k = range.Mm.Kernel;
        int ret = 0;
        int id = k.Srcu.ReadLock();
        // Every listener gets its start even after one failed: none can tell whether another failed.
        for (var n = subs.List.First; n is not null; n = n.Next)
        {
            var sub = n.Owner;
            if (sub.Ops?.Has(MmuNotifierOp.InvalidateRangeStart) == false) continue;
            // non_block_start(): the caller (the OOM reaper) cannot sleep, so neither may the listener.
            if (!range.Blockable) Sched.NonBlockStart($"{sub}'s invalidate_range_start({range})");
            int r = NotifierCall.Start(k, sub, range);
            if (!range.Blockable) Sched.NonBlockEnd();
            if (r == 0) continue;
            KernelBug.WarnOn(range.Blockable || r != Errno.EAGAIN, $"{sub} failed invalidate_range_start({range}) with {r}");
            // A start that can fail must not have an end: the core cannot tell it failed.
            KernelBug.WarnOn(sub.Ops!.Has(MmuNotifierOp.InvalidateRangeEnd), $"{sub} fails start but implements invalidate_range_end");
            ret = r;
        }
        // Must be non-blocking to get here. The listeners whose start succeeded expect their end, and
        // the caller of a failed start may not call end itself (c2655835fd8c): end them all here.
        if (ret != 0 && !k.Faults.On(Mutant.EagainSkipsEndForSucceeded)) HlistInvalidateEnd(subs, range);
        k.Srcu.ReadUnlock(id);
        return ret;
    }

    // mm/mmu_notifier.c: mn_hlist_invalidate_end(), under the caller's SRCU read lock.
    private static void HlistInvalidateEnd(MmuNotifierSubscriptions subs, MmuNotifierRange range)
    {
        var k = range.Mm.Kernel;
        for (var n = subs.List.First; n is not null; n = n.Next)
        {
            if (n.Owner.Ops?.Has(MmuNotifierOp.InvalidateRangeEnd) == false) continue;
            if (!range.Blockable) Sched.NonBlockStart($"{n.Owner}'s invalidate_range_end({range})");
            NotifierCall.End(k, n.Owner, range);
            if (!range.Blockable) Sched.NonBlockEnd();
        }
    }
}
