namespace Torture.Model;

/// <summary>
/// A secondary MMU as checkers see it: the translations it holds (SPTEs, device TLB entries) and its
/// invalidation count. Slots are its own index space (a gfn for KVM).
/// </summary>
public interface ISecondaryMmu
{
    string Name { get; }

    /// <summary>Its subscription to the mm whose pages it maps.</summary>
    ISubscription Subscription { get; }

    int TranslationSlots { get; }

    bool TryGetTranslation(int slot, out SecondaryTranslation translation);

    /// <summary>Invalidations it believes are in progress (KVM's mmu_invalidate_in_progress).</summary>
    long ActiveInvalidations { get; }

    /// <summary>
    /// It caches the CPU's own page table (IOMMU/SVA): like a CPU TLB, an entry may outlive its PTE
    /// until the TLB flush (I2-HW), instead of only between start and end (I2).
    /// </summary>
    bool SharesCpuPageTable => false;

    /// <summary>
    /// Why a translation that mirrors its PTE is still wrong by the secondary's own state (KVM: built
    /// under gfn attributes an internal zap has replaced), or null: I2 holds it to that as well.
    /// </summary>
    string? Outdated(SecondaryTranslation t) => null;
}
