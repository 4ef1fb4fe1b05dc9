namespace Torture.Model;

/// <summary>mm/mmu_notifier.c: the refcounted registration (mmu_notifier_get_locked / put / synchronize).</summary>
public static class MmuNotifierGetPut
{
    /// <summary>mmu_notifier_get_locked(): share one notifier per (ops, mm), allocating it on first use; null on error (-EOVERFLOW, or what registering returned).</summary>
    public static MmuNotifier? GetLocked(MmuNotifierOps ops, MmStruct mm, SignalPending signals)
    {
        KernelBug.On(!mm.MmapLock.IsWriteHeldByCurrent, $"mmu_notifier_get_locked({ops}, {mm}) without mmap_lock held for write");
        if (mm.NotifierSubscriptions is { } subs)
        {
            subs.Lock.Lock();
            foreach (var sub in subs.Notifiers())
            {
                if (!ReferenceEquals(sub.Ops, ops)) continue;
                // The first notifier with these ops is the one: a full count is -EOVERFLOW, not a second notifier.
                bool full = sub.Users == int.MaxValue;
                if (!full) sub.Users++;
                subs.Lock.Unlock();
                return full ? null : sub;
            }
            subs.Lock.Unlock();
        }
        var fresh = ops.AllocNotifier(mm);
        if (MmuNotifierRegister.RegisterLocked(fresh, mm, signals) == 0) return fresh;
        ops.FreeNotifier(fresh);
        return null;
    }

    /// <summary>mmu_notifier_put(): the last put unhashes and frees after a grace period; ->release is never called.</summary>
    public static void Put(MmuNotifier sub)
    {
        var mm = sub.Mm!;
        var subs = mm.NotifierSubscriptions!;
        subs.Lock.Lock();
        KernelBug.WarnOn(sub.Users == 0, $"mmu_notifier_put({sub}) with no users left");
        if (--sub.Users != 0)
        {
            subs.Lock.Unlock();
            return;
        }
        subs.List.DelInitRcu(sub.Node);
        subs.Lock.Unlock();
        // Readers may still be inside this notifier's ops: free it only after they are gone.
        if (mm.Kernel.Faults.On(Mutant.PutFreesWithoutGracePeriod)) FreeRcu(sub, mm);
        else mm.Kernel.Srcu.CallSrcu(() => FreeRcu(sub, mm));
    }

    /// <summary>mmu_notifier_synchronize(): for module exit, after the last put.</summary>
    public static void Synchronize(Kernel k) => k.Srcu.Synchronize();

    // mm/mmu_notifier.c: mmu_notifier_free_rcu()
    private static void FreeRcu(MmuNotifier sub, MmStruct mm)
    {
        mm.Kernel.Events.NotifierFreed(sub);
        sub.Ops?.FreeNotifier(sub);
        MmLifetime.Mmdrop(mm);
    }
}
