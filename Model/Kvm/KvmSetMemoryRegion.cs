namespace Torture.Model;

/// <summary>
/// virt/kvm/kvm_main.c: kvm_set_memory_region() on the VM's one memslot: delete it, or create it
/// again. Every change swaps the active memslots, which must not happen between an invalidation's
/// start and its end (§2.8, §5 B15).
/// </summary>
public static class KvmSetMemoryRegion
{
    /// <summary>0, -EINVAL (no slot to delete) or -EEXIST (the slot is there already).</summary>
    [Operation("KvmSetMemoryRegion")]
    public static int Run(Kvm kvm, bool delete)
    {
        kvm.SlotsLock.Lock();
        if (delete != (kvm.Memslot == MemslotState.Present))
        {
            kvm.SlotsLock.Unlock();
            return delete ? Errno.EINVAL : Errno.EEXIST;
        }
        if (!delete)
        {
            SwapActiveMemslots(kvm, MemslotState.Present);
            kvm.SlotsLock.Unlock();
            return 0;
        }
        // kvm_invalidate_memslot(): an invalid copy first, so that invalidations still zap what the
        // slot maps until its SPTEs are gone, while faults already refuse it.
        SwapActiveMemslots(kvm, MemslotState.Invalid);
        // kvm_arch_flush_shadow_memslot() -> kvm_mmu_zap_all_fast(): obsolete every root first, so a
        // fault that looked the slot up before the swap finds itself stale under mmu_lock; then zap.
        kvm.MmuLock.DownWrite();
        kvm.MmuValidGen++;
        kvm.ZapGfnRange(0, kvm.Gfns);
        kvm.MmuLock.UpWrite();
        // kvm_delete_memslot()
        SwapActiveMemslots(kvm, MemslotState.Absent);
        kvm.SlotsLock.Unlock();
        return 0;
    }

    /// <summary>kvm_swap_active_memslots(): under mn_invalidate_lock, once no invalidation is active.</summary>
    private static void SwapActiveMemslots(Kvm kvm, MemslotState state)
    {
        // start decided whether to raise mmu_invalidate_in_progress by the memslots it saw; end must
        // see the same ones to drop it again, so the swap waits for every end (52ac8b358b0c).
        bool wait = !kvm.Kernel.Faults.On(Mutant.MemslotChangeDuringInvalidate);
        while (true)
        {
            if (wait) kvm.MnMemslotsUpdate.WaitEvent(() => kvm.MnActiveInvalidateCount == 0);
            // Retaken after the wait, as the kernel's loop does: a start may raise the count between
            // the wake-up and the lock (on real threads; under a scheduler both are one step).
            using var _ = kvm.MnInvalidateLock.Hold();
            if (wait && kvm.MnActiveInvalidateCount != 0) continue;
            kvm.Memslot = state;
            kvm.MemslotsGeneration++;
            break;
        }
        Sched.Note($"{kvm.Name}: memslot {state}, generation {kvm.MemslotsGeneration}");
    }
}
