namespace Torture.Model;

/// <summary>mm/mmu_notifier.c: mmu_interval_notifier_insert() and mmu_interval_notifier_insert_locked().</summary>
public static class MmuIntervalNotifierInsert
{
    /// <summary>mmu_interval_notifier_insert(): 0 or an errno; the caller holds an mm_users reference. The first insert registers the tree.</summary>
    public static int Insert(MmuIntervalNotifier sub, MmStruct mm, int start, int length, SignalPending signals)
    {
        var subs = mm.NotifierSubscriptions;   // smp_load_acquire()
        if (subs is null || !subs.HasItree)
        {
            int ret = MmuNotifierRegister.Register(null, mm, signals);
            if (ret != 0) return ret;
            subs = mm.NotifierSubscriptions!;
        }
        return InsertInto(sub, mm, subs, start, length);
    }

    /// <summary>mmu_interval_notifier_insert_locked(): the caller holds mmap_lock for write.</summary>
    public static int InsertLocked(MmuIntervalNotifier sub, MmStruct mm, int start, int length, SignalPending signals)
    {
        KernelBug.On(!mm.MmapLock.IsWriteHeldByCurrent, $"mmu_interval_notifier_insert_locked({sub}) without mmap_lock held for write");
        if (mm.NotifierSubscriptions is not { HasItree: true })
        {
            int ret = MmuNotifierRegister.RegisterLocked(null, mm, signals);
            if (ret != 0) return ret;
        }
        return InsertInto(sub, mm, mm.NotifierSubscriptions!, start, length);
    }

    // __mmu_interval_notifier_insert()
    private static int InsertInto(MmuIntervalNotifier sub, MmStruct mm, MmuNotifierSubscriptions subs, int start, int length)
    {
        sub.Mm = mm;
        sub.Start = start;
        if (length <= 0) return Errno.EOVERFLOW;
        sub.Last = start + length - 1;
        KernelBug.WarnOn(mm.MmUsers <= 0, $"mmu_interval_notifier_insert({sub}) on an mm with no users");
        MmLifetime.Mmgrab(mm);   // paired with the mmdrop in mmu_interval_notifier_remove()
        subs.Lock.Lock();
        if (subs.ActiveInvalidateRanges != 0)
        {
            // An invalidation is running and may cover the new range: the notifier starts at the
            // current seq, so read_begin sleeps until it ends.
            if ((subs.InvalidateSeq & 1) != 0 && !mm.Kernel.Faults.On(Mutant.IntervalInsertNoDefer))
            {
                // The tree is frozen: the add waits for the last end, which keeps this deterministic
                // where retrying could live-lock.
                subs.DeferredList.Insert(0, sub);
                sub.Deferred = true;
            }
            else
            {
                // Even: no invalidation walks the tree, and odd from here on makes read_begin wait for them.
                subs.InvalidateSeq |= 1;
                subs.ItreeInsert(sub);
            }
            sub.InvalidateSeq = subs.InvalidateSeq;
        }
        else
        {
            KernelBug.WarnOn((subs.InvalidateSeq & 1) != 0, $"{mm} invalidate_seq odd with no invalidation active");
            // Odd and not the current seq: read_begin does not wait, and seq will not wrap to it soon.
            sub.InvalidateSeq = subs.InvalidateSeq - 1;
            subs.ItreeInsert(sub);
        }
        subs.Lock.Unlock();
        Sched.Note($"inserted interval notifier {sub} [{sub.Start},{sub.Last}] on {mm}{(sub.Deferred ? " (deferred)" : "")}");
        return 0;
    }
}
