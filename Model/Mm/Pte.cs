namespace Torture.Model;

public enum PteKind : byte
{
    None,
    Present,
    /// <summary>A swap entry: the page was reclaimed; its contents are the version it had.</summary>
    Swap,
    /// <summary>
    /// A device-exclusive entry (make_device_exclusive): the page stays mapped (mapcount and the
    /// mapping's reference) for one device's atomics; a CPU access faults and restores it.
    /// </summary>
    DeviceExclusive,
    /// <summary>
    /// A migration entry (make_writable_migration_entry / make_readable_migration_entry): the page is
    /// being moved; it holds neither a reference nor a mapcount, and a fault waits for the move.
    /// </summary>
    Migration,
}

/// <summary>
/// arch/x86/include/asm/pgtable_types.h: pte_t, reduced to what the model reads. The MMU sets
/// Dirty by itself on a store; SoftDirty (_PAGE_SOFT_DIRTY) only software sets, in pte_mkdirty().
/// </summary>
public readonly record struct Pte(PteKind Kind, PageRef Page, bool Write, bool Dirty, bool Young, long SwapVersion, bool SoftDirty = false)
{
    public static Pte None => default;

    public bool IsPresent => Kind == PteKind.Present;

    /// <summary>A hardware walk may complete a load (or, with <paramref name="write"/>, a store) through this entry without a fault.</summary>
    public bool Allows(bool write) => IsPresent && (!write || Write);

    /// <summary>The entry holds a page's mapping: present, or device-exclusive.</summary>
    public bool MapsPage => Kind is PteKind.Present or PteKind.DeviceExclusive;

    /// <summary>
    /// A translation of <paramref name="page"/> still mirrors this entry: a present PTE of that page,
    /// or for a device's exclusive mapping (<paramref name="exclusive"/>) its device-exclusive entry.
    /// </summary>
    public bool Maps(PageRef page, bool exclusive) => (exclusive ? Kind == PteKind.DeviceExclusive : IsPresent) && Page == page;

    /// <summary>mk_pte(): a fresh mapping (a write fault maps it dirty, as the kernel does).</summary>
    public static Pte Map(PageRef page, bool write) => new(PteKind.Present, page, write, write, true, 0, SoftDirty: write);

    /// <summary>A swap entry remembering the contents written out.</summary>
    public static Pte SwapEntry(long version) => new(PteKind.Swap, default, false, false, false, version);

    /// <summary>make_writable_device_exclusive_entry(): the present entry of <paramref name="present"/> turned device-exclusive.</summary>
    public static Pte DeviceExclusiveEntry(Pte present) => present with { Kind = PteKind.DeviceExclusive, Dirty = false, Young = false };

    /// <summary>The present entry of <paramref name="present"/> turned into a migration entry remembering write and soft-dirty.</summary>
    public static Pte MigrationEntry(Pte present) => present with { Kind = PteKind.Migration, Dirty = false, Young = false };

    public Pte Wrprotect() => this with { Write = false };

    /// <summary>pte_mkclean(): the dirty bit, not the soft-dirty one.</summary>
    public Pte Mkclean() => this with { Dirty = false };

    /// <summary>pte_mkdirty(): on x86 it sets the soft-dirty bit too.</summary>
    public Pte Mkdirty() => this with { Dirty = true, SoftDirty = true };

    public override string ToString() => Kind switch
    {
        PteKind.None => "none",
        PteKind.Swap => $"swap(v{SwapVersion})",
        PteKind.DeviceExclusive => $"device-exclusive({Page} {(Write ? "rw" : "ro")})",
        PteKind.Migration => $"migration({Page} {(Write ? "rw" : "ro")})",
        _ => $"{Page} {(Write ? "rw" : "ro")}{(Dirty ? " dirty" : "")}{(SoftDirty ? " sd" : "")}",
    };
}
