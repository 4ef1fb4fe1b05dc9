namespace Torture.Model;

/// <summary>include/linux/mmu_notifier.h: the members of struct mmu_notifier_ops a listener may implement.</summary>
[Flags]
public enum MmuNotifierOp
{
    None = 0,
    Release = 1,
    ClearFlushYoung = 2,
    ClearYoung = 4,
    TestYoung = 8,
    InvalidateRangeStart = 16,
    InvalidateRangeEnd = 32,
    ArchInvalidateSecondaryTlbs = 64,
    AllocNotifier = 128,
    FreeNotifier = 256,
    /// <summary>->change_pte, removed in v6.9 with its last caller (set_pte_at_notify).</summary>
    ChangePte = 512,
}
