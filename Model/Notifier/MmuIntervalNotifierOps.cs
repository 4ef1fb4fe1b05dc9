namespace Torture.Model;

/// <summary>include/linux/mmu_notifier.h: struct mmu_interval_notifier_ops.</summary>
public abstract class MmuIntervalNotifierOps
{
    public abstract string Name { get; }

    /// <summary>
    /// ->invalidate: under the driver's user lock, mmu_interval_set_seq(<paramref name="curSeq"/>) and
    /// drop every translation of the range; false only when the range is not blockable and the user
    /// lock could not be taken without sleeping.
    /// </summary>
    public abstract bool Invalidate(MmuIntervalNotifier sub, MmuNotifierRange range, long curSeq);

    public override string ToString() => Name;
}
