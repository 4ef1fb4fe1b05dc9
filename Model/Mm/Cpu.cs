namespace Torture.Model;

/// <summary>A modelled CPU: the TLB a CPU thread accesses memory through.</summary>
public sealed class Cpu
{
    private readonly List<TlbEntry> tlb = new(4);

    internal Cpu(string name) => Name = name;

    public string Name { get; }

    public IReadOnlyList<TlbEntry> Tlb => tlb;

    public TlbEntry? Lookup(MmStruct mm, int va)
    {
        foreach (var e in tlb) if (ReferenceEquals(e.Mm, mm) && e.Va == va) return e;
        return null;
    }

    /// <summary>The hardware walker caching a PTE it found present.</summary>
    internal void Fill(MmStruct mm, int va, Pte pte)
    {
        Invalidate(mm, va, va + 1);
        tlb.Add(new TlbEntry(mm, va, pte.Page, pte.Write, pte.Dirty));
    }

    /// <summary>The local part of a TLB shootdown (the IPI handler).</summary>
    internal int Invalidate(MmStruct mm, int start, int end) =>
        tlb.RemoveAll(e => ReferenceEquals(e.Mm, mm) && e.Va >= start && e.Va < end);
}
