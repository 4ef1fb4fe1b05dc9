namespace Torture.Model;

/// <summary>mm/mmu_notifier.c: the refcounted registration (mmu_notifier_get_locked / put / synchronize).</summary>
public static class MmuNotifierGetPut
{
    /// <summary>mmu_notifier_get_locked(): share one notifier per (ops, mm), allocating it on first use; null on error.</summary>
    public static MmuNotifier? GetLocked(MmuNotifierOps ops, MmStruct mm, SignalPending signals)
    {
        KernelBug.On(!mm.MmapLock.IsWriteHeldByCurrent, $"mmu_notifier_get_locked({ops}, {mm}) without mmap_lock held for write");
        if (mm.NotifierSubscriptions is { } subs)
        {
            subs.Lock.Lock();
            foreach (var sub in subs.Notifiers())
            {
                if (!ReferenceEquals(sub.Ops, ops) || sub.Users == int.MaxValue) continue;
                sub.Users++;
                subs.Lock.Unlock();
                return sub;
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
        if (--sub.Users != 0)
        {
            subs.Lock.Unlock();
            return;
        }
        subs.List.DelInitRcu(sub.Node);
        subs.Lock.Unlock();
        // Readers may still be inside this notifier's ops: free it only after they are gone.
        mm.Kernel.Srcu.CallSrcu(() => FreeRcu(sub, mm));
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
