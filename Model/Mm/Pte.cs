namespace Torture.Model;

public enum PteKind : byte
{
    None,
    Present,
    /// <summary>A swap entry: the page was reclaimed; its contents are the version it had.</summary>
    Swap,
}

/// <summary>arch/x86/include/asm/pgtable_types.h: pte_t, reduced to what the model reads.</summary>
public readonly record struct Pte(PteKind Kind, PageRef Page, bool Write, bool Dirty, bool Young, long SwapVersion)
{
    public static Pte None => default;

    public bool IsPresent => Kind == PteKind.Present;

    /// <summary>mk_pte(): a fresh mapping (a write fault maps it dirty, as the kernel does).</summary>
    public static Pte Map(PageRef page, bool write) => new(PteKind.Present, page, write, write, true, 0);

    /// <summary>A swap entry remembering the contents written out.</summary>
    public static Pte SwapEntry(long version) => new(PteKind.Swap, default, false, false, false, version);

    public Pte Wrprotect() => this with { Write = false };

    public override string ToString() => Kind switch
    {
        PteKind.None => "none",
        PteKind.Swap => $"swap(v{SwapVersion})",
        _ => $"{Page} {(Write ? "rw" : "ro")}{(Dirty ? " dirty" : "")}",
    };
}
