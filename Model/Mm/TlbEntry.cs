namespace Torture.Model;

/// <summary>A cached translation in a CPU's TLB: it stays usable after the PTE changes, until flushed.</summary>
public readonly record struct TlbEntry(MmStruct Mm, int Va, PageRef Page, bool Write)
{
    public override string ToString() => $"{Mm.Name} va{Va} -> {Page} {(Write ? "rw" : "ro")}";
}
