namespace Torture.Model;

/// <summary>One translation a secondary MMU holds: which primary address it mirrors and the page it reaches.</summary>
/// <param name="Kind">"SPTE", "IOTLB", ... for messages.</param>
/// <param name="Slot">The secondary's own index (gfn).</param>
/// <param name="InstalledBy">The logical thread that installed it.</param>
/// <param name="Exclusive">It mirrors a device-exclusive entry, not a present PTE.</param>
public readonly record struct SecondaryTranslation(string Kind, int Slot, MmStruct Mm, int Va, PageRef Page, bool Writable, string InstalledBy, bool Exclusive = false)
{
    public override string ToString() => $"{Kind} {Slot} ({Mm.Name} va{Va}) -> {Page} {(Writable ? "rw" : "ro")}, installed by {InstalledBy}";
}
