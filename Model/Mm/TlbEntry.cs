namespace Torture.Model;

/// <summary>
/// A cached translation in a CPU's TLB: it stays usable after the PTE changes, until flushed. As on
/// x86 it remembers the PTE's dirty bit: a store through an entry cached clean walks the PTE again
/// to set it, so a store never goes unrecorded unless the PTE was cleaned behind a dirty entry.
/// </summary>
public readonly record struct TlbEntry(MmStruct Mm, int Va, PageRef Page, bool Write, bool Dirty)
{
    /// <summary>A store may complete through this entry without walking the page table.</summary>
    public bool StoresWithoutWalk => Write && Dirty;

    public override string ToString() => $"{Mm.Name} va{Va} -> {Page} {(Write ? "rw" : "ro")}{(Dirty ? " dirty" : "")}";
}
