namespace Torture.Model;

/// <summary>include/linux/mmu_notifier.h: enum mmu_notifier_event (a hint; KVM ignores it).</summary>
public enum MmuNotifierEvent
{
    Unmap,
    Clear,
    ProtectionVma,
    ProtectionPage,
    SoftDirty,
    Release,
    Migrate,
    Exclusive,
}
