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
        if (!kvm.Overlaps(range)) return 0;
        kvm.MmuLock.Lock();
        // in_progress is raised under the same lock hold that zaps: a fault taking mmu_lock after us
        // sees it and retries; one that installed before us is zapped here (R2).
        kvm.InvalidateBegin(Kvm.HvaToGfn(range.Start), Kvm.HvaToGfn(range.End));
        kvm.ZapGfnRange(Kvm.HvaToGfn(range.Start), Kvm.HvaToGfn(range.End));
        kvm.MmuLock.Unlock();
        return 0;
    }

    /// <summary>kvm_mmu_notifier_invalidate_range_end().</summary>
    public override void InvalidateRangeEnd(MmuNotifier sub, MmuNotifierRange range)
    {
        if (!kvm.Overlaps(range)) return;
        kvm.MmuLock.Lock();
        kvm.InvalidateEnd();
        kvm.MmuLock.Unlock();
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
        kvm.MmuLock.Lock();
        kvm.ChangeSpte(Kvm.HvaToGfn(va), pte);
        kvm.MmuLock.Unlock();
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
        kvm.MmuLock.Lock();
        kvm.ZapGfnRange(0, kvm.Gfns);
        kvm.MmuLock.Unlock();
    }
}
