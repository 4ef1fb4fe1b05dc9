namespace Torture.Model;

/// <summary>
/// One load or store through a translation: the address it was issued for, the frame it reached, the
/// permission the translation granted, and the value stored or loaded (a store writes a value no
/// store wrote before, so a load names the store it read from).
/// </summary>
/// <param name="Exclusive">Through a device's translation of a device-exclusive entry (valid only while the PTE is that entry).</param>
public readonly record struct MemoryAccess(MmStruct Mm, int Va, PageRef Page, bool Write, bool ViaWritable, long Value, string Via, bool Exclusive = false)
{
    public override string ToString() => $"{Via} {(Write ? "stores" : "loads")} v{Value} at {Mm.Name} va{Va} ({Page}, {(ViaWritable ? "rw" : "ro")} translation)";
}
