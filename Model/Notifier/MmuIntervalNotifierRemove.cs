namespace Torture.Model;

/// <summary>mm/mmu_notifier.c: mmu_interval_notifier_remove(): once it returns no invalidate of the notifier runs, now or later.</summary>
public static class MmuIntervalNotifierRemove
{
    /// <summary>Must not be called from an ->invalidate, nor holding a lock an invalidate takes: it may sleep until the invalidations end.</summary>
    public static void Remove(MmuIntervalNotifier sub)
    {
        var mm = sub.Mm!;
        var k = mm.Kernel;
        var subs = mm.NotifierSubscriptions!;
        long seq = 0;
        subs.Lock.Lock();
        if ((subs.InvalidateSeq & 1) != 0)
        {
            if (!sub.InTree)
            {
                // Inserted during this invalidation and never applied: just drop the queued add.
                subs.DeferredList.Remove(sub);
                sub.Deferred = false;
            }
            else
            {
                subs.DeferredList.Insert(0, sub);
                sub.Deferred = true;
                seq = subs.InvalidateSeq;
            }
        }
        else
        {
            KernelBug.WarnOn(!sub.InTree, $"mmu_interval_notifier_remove({sub}) of a notifier not in the tree");
            subs.ItreeRemove(sub);
        }
        subs.Lock.Unlock();

        // As in read_begin: remove may wait for invalidations, which take the driver's locks.
        k.InvalidateRangeStartMap.Touch();
        if (seq != 0)
        {
            // wait_event(wq, mmu_interval_seq_released()): the test reads seq under the lock, so it
            // cannot pass while mn_itree_inv_end() has made seq even but not yet applied the removal
            // (319561669a59). The lockless read only filters the wake-ups.
            while (true)
            {
                subs.Wq.WaitEvent(() => subs.InvalidateSeq != seq);
                if (k.Faults.On(Mutant.IntervalRemoveLocklessWait) || SeqReleased(subs, seq)) break;
            }
        }
        k.Events.IntervalNotifierRemoved(sub);
        Sched.Note($"removed interval notifier {sub} from {mm}");
        MmLifetime.Mmdrop(mm);   // paired with the mmgrab in insert
    }

    // mmu_interval_seq_released()
    private static bool SeqReleased(MmuNotifierSubscriptions subs, long seq)
    {
        subs.Lock.Lock();
        bool released = subs.InvalidateSeq != seq;
        subs.Lock.Unlock();
        return released;
    }
}
