namespace Torture.Model;

/// <summary>
/// mm/mmu_notifier.c: the interval-tree side of an invalidation (mn_itree_*). While an invalidation
/// overlaps some interval the subscriptions' seq is odd and the tree is frozen: inserts and removes
/// wait on the deferred list for the last end (§2.9).
/// </summary>
internal static class MmuNotifierItree
{
    /// <summary>mn_itree_invalidate(): call every overlapping interval; -EAGAIN (with the end done here) when a non-blockable one could not.</summary>
    public static int Invalidate(MmuNotifierSubscriptions subs, MmuNotifierRange range)
    {
        long curSeq = InvStartRange(subs, range);
        // The walk is over (its walker count dropped) before the end below can apply deferred
        // removes, as the kernel's goto out_would_block leaves the loop first.
        var refused = Refusing(subs, range, curSeq).FirstOrDefault();
        if (refused is null) return 0;
        KernelBug.WarnOn(range.Blockable, $"{refused} failed a blockable invalidate({range})");
        // The non-blocking caller may not call end after -EAGAIN: end it here.
        InvEnd(subs, range);
        return Errno.EAGAIN;
    }

    /// <summary>mn_itree_release(): every interval is told the mm is going (RELEASE over the whole address space); none may refuse.</summary>
    public static void Release(MmuNotifierSubscriptions subs, MmStruct mm)
    {
        var range = new MmuNotifierRange(mm, 0, int.MaxValue, MmuNotifierEvent.Release) { Blockable = true };
        long curSeq = InvStartRange(subs, range);
        foreach (var sub in Refusing(subs, range, curSeq)) KernelBug.WarnOn(true, $"{sub} refused the RELEASE invalidation");
        InvEnd(subs, range);
    }

    // The mn_itree_inv_next() walk: calls each interval overlapping range in turn and yields those
    // that refused; a caller that stops at the first refusal calls no interval after it. The tree
    // cannot change while seq is odd, and it is odd whenever some interval overlaps: no lock needed.
    private static IEnumerable<MmuIntervalNotifier> Refusing(MmuNotifierSubscriptions subs, MmuNotifierRange range, long curSeq)
    {
        var k = subs.Mm.Kernel;
        // Only a walk that found an overlapping interval (and so made seq odd) goes on without the lock.
        if ((curSeq & 1) == 0 || !subs.Itree.Exists(n => n.Overlaps(range))) yield break;
        subs.ItreeWalkerEnters();
        try
        {
            for (int i = 0; i < subs.Itree.Count; i++)
            {
                var sub = subs.Itree[i];
                if (sub.Overlaps(range) && !NotifierCall.IntervalInvalidate(k, sub, range, curSeq)) yield return sub;
            }
        }
        finally
        {
            subs.ItreeWalkerLeaves();
        }
    }

    // mn_itree_inv_start_range(): count the invalidation; if it overlaps an interval, make seq odd.
    private static long InvStartRange(MmuNotifierSubscriptions subs, MmuNotifierRange range)
    {
        subs.Lock.Lock();
        subs.ActiveInvalidateRanges++;
        if (subs.Itree.Exists(n => n.Overlaps(range))) subs.InvalidateSeq |= 1;
        long seq = subs.InvalidateSeq;
        subs.Lock.Unlock();
        return seq;
    }

    /// <summary>
    /// mn_itree_inv_end(): the last active invalidation makes seq even and applies the deferred
    /// inserts and removes (as rtnl_unlock does), then wakes readers and removers.
    /// </summary>
    public static void InvEnd(MmuNotifierSubscriptions subs, MmuNotifierRange range)
    {
        var k = subs.Mm.Kernel;
        subs.Lock.Lock();
        k.Events.ItreeInvalidateEnd(subs.Mm, range);
        if (--subs.ActiveInvalidateRanges != 0 || (subs.InvalidateSeq & 1) == 0)
        {
            subs.Lock.Unlock();
            return;
        }
        subs.InvalidateSeq++;
        // Another CPU reading seq without the lock may see it even already, before the deferred
        // list is applied: which is why mmu_interval_seq_released() reads it under the lock (B14).
        Sched.Yield("mn_itree_inv_end: invalidate_seq even, deferred list not applied yet");
        foreach (var sub in subs.DeferredList)
        {
            k.Events.ItreeUpdating(sub);
            if (sub.InTree) subs.ItreeRemove(sub);
            else subs.ItreeInsert(sub);
            sub.Deferred = false;
        }
        subs.DeferredList.Clear();
        subs.Lock.Unlock();
        subs.Wq.WakeUpAll();
    }
}
