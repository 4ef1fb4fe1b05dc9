namespace Torture.Model;

/// <summary>
/// include/linux/mmu_notifier.h: struct mmu_notifier_ops. A listener overrides the ops it has and
/// lists them in <see cref="Implements"/>: the core calls only those (a NULL op is skipped), and a
/// listener whose start can fail must not implement end.
/// </summary>
public abstract class MmuNotifierOps
{
    public abstract string Name { get; }

    public abstract MmuNotifierOp Implements { get; }

    public bool Has(MmuNotifierOp op) => (Implements & op) != 0;

    /// <summary>->release: tear down every secondary mapping; may run twice (§3.4).</summary>
    public virtual void Release(MmuNotifier sub, MmStruct mm) { }

    /// <summary>->clear_flush_young: test-and-clear the accessed bits of [start, end) and flush the secondary TLB.</summary>
    public virtual MmuNotifierYoungFlags ClearFlushYoung(MmuNotifier sub, MmStruct mm, int start, int end) => MmuNotifierYoungFlags.None;

    /// <summary>->clear_young: like clear_flush_young but may skip the flush; with a bitmap (the 2024 proposal) only the pages it names.</summary>
    public virtual MmuNotifierYoungFlags ClearYoung(MmuNotifier sub, MmStruct mm, int start, int end, YoungBitmap? bitmap) => MmuNotifierYoungFlags.None;

    /// <summary>->test_young: read the accessed bits without clearing them; with a bitmap, set the bits of the young pages.</summary>
    public virtual MmuNotifierYoungFlags TestYoung(MmuNotifier sub, MmStruct mm, int start, int end, YoungBitmap? bitmap) => MmuNotifierYoungFlags.None;

    /// <summary>->invalidate_range_start: 0, or -EAGAIN only when the range is not blockable.</summary>
    public virtual int InvalidateRangeStart(MmuNotifier sub, MmuNotifierRange range) => 0;

    public virtual void InvalidateRangeEnd(MmuNotifier sub, MmuNotifierRange range) { }

    /// <summary>->arch_invalidate_secondary_tlbs: from the arch TLB flush, under the PTL; must not sleep.</summary>
    public virtual void ArchInvalidateSecondaryTlbs(MmuNotifier sub, MmStruct mm, int start, int end) { }

    /// <summary>->change_pte: the PTE of va now holds <paramref name="pte"/> (another page, or the same one read-only).</summary>
    public virtual void ChangePte(MmuNotifier sub, MmStruct mm, int va, Pte pte) { }

    /// <summary>->alloc_notifier (mmu_notifier_get_locked).</summary>
    public virtual MmuNotifier AllocNotifier(MmStruct mm) => throw new NotSupportedException($"{Name} has no alloc_notifier");

    /// <summary>->free_notifier: from an SRCU callback after the last put; cannot sleep.</summary>
    public virtual void FreeNotifier(MmuNotifier sub) { }

    public override string ToString() => Name;
}
