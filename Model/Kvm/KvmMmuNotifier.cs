namespace Torture.Model;

/// <summary>virt/kvm/kvm_main.c: kvm_mmu_notifier_ops.</summary>
public sealed class KvmMmuNotifier : MmuNotifierOps
{
    private readonly Kvm kvm;

    internal KvmMmuNotifier(Kvm kvm) => this.kvm = kvm;

    public override string Name => $"{kvm.Name} mmu_notifier_ops";

    public override MmuNotifierOp Implements =>
        MmuNotifierOp.Release | MmuNotifierOp.InvalidateRangeStart | MmuNotifierOp.InvalidateRangeEnd | MmuNotifierOp.ChangePte |
        MmuNotifierOp.ClearFlushYoung | MmuNotifierOp.ClearYoung | MmuNotifierOp.TestYoung;

    /// <summary>kvm_mmu_notifier_invalidate_range_start(): count first, then zap, all under mmu_lock.</summary>
    public override int InvalidateRangeStart(MmuNotifier sub, MmuNotifierRange range)
    {
        // First of all, under mn_invalidate_lock: a memslot update waits for the count to drop to 0,
        // so the memslot overlap decided below is the one end decides too (B15).
        using (kvm.MnInvalidateLock.Hold())
        {
            kvm.MnActiveInvalidateCount++;
            kvm.GpcWaiter.Raised();
        }
        Sched.Mb();   // spin_unlock(mn_invalidate_lock): the raised count is visible before the cache is looked at
        // Before mmu_lock, so that no cache's lock nests inside it; the cache's refresh reads the count raised above.
        kvm.Gpc.InvalidateStart(range.Start, range.End);
        if (!kvm.Overlaps(range)) return 0;
        kvm.MmuLock.DownWrite();
        // in_progress is raised under the same lock hold that zaps: a fault taking mmu_lock after us
        // sees it and retries; one that installed before us is zapped here (R2).
        // kvm_handle_hva_range(): begin once (on_lock), then the range of each memslot overlapped.
        kvm.InvalidateBegin();
        kvm.InvalidateRangeAdd(Kvm.HvaToGfn(range.Start), Kvm.HvaToGfn(range.End));
        kvm.ZapGfnRange(Kvm.HvaToGfn(range.Start), Kvm.HvaToGfn(range.End));
        kvm.MmuLock.UpWrite();
        return 0;
    }

    /// <summary>kvm_mmu_notifier_invalidate_range_end().</summary>
    public override void InvalidateRangeEnd(MmuNotifier sub, MmuNotifierRange range)
    {
        bool early = kvm.Kernel.Faults.On(Mutant.KvmEndDecBeforeSeqInc);
        if (kvm.Overlaps(range))
        {
            kvm.MmuLock.DownWrite();
            kvm.InvalidateEnd();
            // The mutant drops the count under mmu_lock with no barrier after the seq bump: in program
            // order still after it, but a weakly ordered CPU may make the drop visible first.
            if (early) DropActiveInvalidation(range);
            kvm.MmuLock.UpWrite();
            if (early) return;
        }
        // Last, after mmu_lock's release made the seq bump visible: a cache refresh that finds the
        // count at 0 finds the new seq too.
        DropActiveInvalidation(range);
        Sched.Mb();   // spin_unlock(mn_invalidate_lock)
    }

    private void DropActiveInvalidation(MmuNotifierRange range)
    {
        bool wake;
        using (kvm.MnInvalidateLock.Hold())
        {
            KernelBug.WarnOn(kvm.MnActiveInvalidateCount == 0, $"{kvm.Name}: invalidate_range_end({range}) with mn_active_invalidate_count 0");
            if (kvm.MnActiveInvalidateCount <= 0) return;
            kvm.GpcWaiter.Dropped();
            wake = --kvm.MnActiveInvalidateCount == 0;
        }
        if (wake && kvm.MnMemslotsUpdate.HasSleepers)
            kvm.MnMemslotsUpdate.WakeUpAll();   // rcuwait_wake_up(&kvm->mn_memslots_update_rcuwait)
    }

    /// <summary>
    /// kvm_mmu_notifier_change_pte() as of v5.12-v6.8: it relies on the start/end around it (the
    /// elevated count stands in for the sequence bump it once made), so outside them a fault that
    /// GUP'd the old page installs it unseen; KVM warns.
    /// </summary>
    public override void ChangePte(MmuNotifier sub, MmStruct mm, int va, Pte pte)
    {
        KernelBug.WarnOn(kvm.MmuInvalidateInProgress == 0,
            $"{kvm.Name}: change_pte(va{va} -> {pte}) outside invalidate_range_start/end: no invalidation in progress protects a fault in flight");
        if (kvm.MmuInvalidateInProgress == 0 || Kvm.HvaToGfn(va) >= kvm.Gfns) return;
        kvm.MmuLock.DownWrite();
        kvm.ChangeSpte(Kvm.HvaToGfn(va), pte);
        kvm.MmuLock.UpWrite();
    }

    /// <summary>kvm_mmu_notifier_clear_flush_young(): kvm_age_gfn() with the flush (no CONFIG_KVM_ELIDE_TLB_FLUSH_IF_YOUNG).</summary>
    public override MmuNotifierYoungFlags ClearFlushYoung(MmuNotifier sub, MmStruct mm, int start, int end) =>
        kvm.Age(start, end, clear: true, flush: true, bitmap: null);

    /// <summary>kvm_mmu_notifier_clear_young(): kvm_age_gfn() without a flush, "leaving this job up to the regular system cadence".</summary>
    public override MmuNotifierYoungFlags ClearYoung(MmuNotifier sub, MmStruct mm, int start, int end, YoungBitmap? bitmap) =>
        kvm.Age(start, end, clear: true, flush: false, bitmap);

    /// <summary>kvm_mmu_notifier_test_young(): kvm_test_age_gfn(), nothing cleared or flushed.</summary>
    public override MmuNotifierYoungFlags TestYoung(MmuNotifier sub, MmStruct mm, int start, int end, YoungBitmap? bitmap) =>
        kvm.Age(start, end, clear: false, flush: false, bitmap);

    /// <summary>kvm_mmu_notifier_release() -> kvm_flush_shadow_all(): drop every SPTE; idempotent.</summary>
    public override void Release(MmuNotifier sub, MmStruct mm)
    {
        kvm.MmuLock.DownWrite();
        kvm.ZapGfnRange(0, kvm.Gfns);
        kvm.MmuLock.UpWrite();
        // The model drops the pfn cache here too; mainline leaves it to kvm_gpc_deactivate() at VM
        // teardown, since no vCPU ioctl may run once the mm is gone (Model/README.md).
        kvm.Gpc.Deactivate();
        kvm.FaultWaiter.Released();
        kvm.GpcWaiter.Released();
    }
}
