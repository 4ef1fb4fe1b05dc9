namespace Torture.Model;

/// <summary>mm/mmu_notifier.c: __mmu_notifier_release() -> mn_itree_release(), mn_hlist_release(); called first thing by exit_mmap() (R6).</summary>
public static class MmuNotifierRelease
{
    public static void Release(MmStruct mm)
    {
        if (mm.NotifierSubscriptions is not { } subs) return;
        if (subs.HasItree) MmuNotifierItree.Release(subs, mm);
        if (!subs.List.IsEmpty) HlistRelease(subs, mm);
    }

    // mn_hlist_release()
    private static void HlistRelease(MmuNotifierSubscriptions subs, MmStruct mm)
    {
        var k = mm.Kernel;
        int id = k.Srcu.ReadLock();
        // Called while still hashed, so the list cannot lose a listener before its ->release ran; a
        // concurrent unregister may call ->release a second time (§3.4).
        for (var n = subs.List.First; n is not null; n = n.Next)
        {
            if (n.Owner.Ops?.Has(MmuNotifierOp.Release) != false) NotifierCall.Release(k, n.Owner, mm);
        }
        subs.Lock.Lock();
        while (subs.List.First is { } first) subs.List.DelInitRcu(first);
        subs.Lock.Unlock();
        k.Srcu.ReadUnlock(id);

        // Do not return to exit_mmap(), which frees every page, until a ->release that
        // mmu_notifier_unregister() is running has returned (d34883d4e35c).
        if (!k.Faults.On(Mutant.ReleaseNoSynchronizeSrcu)) k.Srcu.Synchronize();
    }
}
