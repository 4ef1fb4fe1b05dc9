namespace Torture.Model;

/// <summary>mm/mmu_notifier.c: mmu_notifier_register() and __mmu_notifier_register().</summary>
public static class MmuNotifierRegister
{
    /// <summary>A driver registering its listener on its mm (kvm_create_vm(), a device driver's bind).</summary>
    [Operation("MmuNotifierRegister", Role = OperationRole.RegistersListener)]
    public static int Run(IMmuListener listener, SignalPending signals) => Register(listener.Notifier, listener.Mm, signals);

    /// <summary>mmu_notifier_register(): 0, -EINTR when a signal interrupted mm_take_all_locks(), or -EINVAL for ops with both kinds of invalidation; a null <paramref name="sub"/> only sets has_itree.</summary>
    public static int Register(MmuNotifier? sub, MmStruct mm, SignalPending signals)
    {
        mm.MmapLock.DownWrite();
        int ret = RegisterLocked(sub, mm, signals);
        mm.MmapWriteUnlock();
        return ret;
    }

    /// <summary>__mmu_notifier_register(): mmap_lock held for write; a null <paramref name="sub"/> only sets has_itree.</summary>
    public static int RegisterLocked(MmuNotifier? sub, MmStruct mm, SignalPending signals)
    {
        var k = mm.Kernel;
        KernelBug.On(!mm.MmapLock.IsWriteHeldByCurrent, $"__mmu_notifier_register({mm}) without mmap_lock held for write");
        // The caller's mm_users pin keeps exit_mmap() and its ->release loop away while we add.
        KernelBug.On(mm.MmUsers <= 0, $"__mmu_notifier_register({mm}) on an mm with no users");
        if (sub?.Ops is { } o && o.Has(MmuNotifierOp.ArchInvalidateSecondaryTlbs) && o.Has(MmuNotifierOp.InvalidateRangeStart | MmuNotifierOp.InvalidateRangeEnd))
        {
            // WARN_ON_ONCE() then -EINVAL: the WARN is reported as a bug, so the return is for fidelity.
            KernelBug.WarnOn(true, $"{sub} has both arch_invalidate_secondary_tlbs and invalidate_range_start/end");
            return Errno.EINVAL;
        }

        // Teach lockdep that start may be called from reclaim: a lock a listener takes in a callback
        // must never be held across an allocation that may enter reclaim.
        k.FsReclaim.Acquire();
        k.InvalidateRangeStartMap.Touch();
        k.FsReclaim.Release();

        // Allocated before taking all locks: kmalloc cannot be called under mm_take_all_locks().
        var subs = mm.NotifierSubscriptions ?? new MmuNotifierSubscriptions(mm);

        // Every start..end runs under mmap_lock, a VMA lock or an rmap lock; holding them all (with
        // mmap_lock for write) means no invalidation is half done on this mm while the list changes,
        // so the new listener never receives an end whose start it missed (§3.3).
        bool takeAll = !k.Faults.On(Mutant.RegisterWithoutTakeAllLocks);
        if (takeAll)
        {
            int ret = MmTakeAllLocks.Take(mm, signals);
            if (ret != 0) return ret;
        }

        // smp_store_release(): lockless readers (mm_has_notifiers) see an initialised list.
        mm.NotifierSubscriptions = subs;
        if (sub is not null)
        {
            MmLifetime.Mmgrab(mm);   // paired with the mmdrop in unregister or the free after put
            sub.Mm = mm;
            sub.Users = 1;
            subs.Lock.Lock();
            subs.List.AddHeadRcu(sub.Node);
            subs.Lock.Unlock();
        }
        else
        {
            subs.HasItree = true;
        }

        if (takeAll) MmTakeAllLocks.Drop(mm);
        Sched.Note($"registered {sub?.ToString() ?? "the interval tree"} on {mm}");
        return 0;
    }
}
