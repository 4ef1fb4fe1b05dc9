namespace Torture.Model;

/// <summary>A modelled CPU: the TLB a CPU thread accesses memory through.</summary>
public sealed class Cpu
{
    // Replaced whole, never changed in place, so a checker reads it without a lock (on real threads too).
    private TlbEntry[] tlb = Array.Empty<TlbEntry>();

    internal Cpu(string name) => Name = name;

    public string Name { get; }

    /// <summary>
    /// An instruction: a TLB shootdown's IPI is handled between two instructions, never inside one,
    /// so on real threads the access and the local flush both hold this.
    /// </summary>
    internal NativeLock Instruction { get; } = new();

    public IReadOnlyList<TlbEntry> Tlb => Atomic.ReadOnce(ref tlb);

    public TlbEntry? Lookup(MmStruct mm, int va)
    {
        foreach (var e in Atomic.ReadOnce(ref tlb)) if (ReferenceEquals(e.Mm, mm) && e.Va == va) return e;
        return null;
    }

    /// <summary>The hardware walker caching a PTE it found present (inside an <see cref="Instruction"/>).</summary>
    internal void Fill(MmStruct mm, int va, Pte pte)
    {
        var kept = Array.FindAll(tlb, e => !Covers(e, mm, va, va + 1));
        Atomic.WriteOnce(ref tlb, [.. kept, new TlbEntry(mm, va, pte.Page, pte.Write, pte.Dirty)]);
    }

    /// <summary>The local part of a TLB shootdown (the IPI handler).</summary>
    internal int Invalidate(MmStruct mm, int start, int end)
    {
        using var _ = Instruction.Hold();
        var kept = Array.FindAll(tlb, e => !Covers(e, mm, start, end));
        int dropped = tlb.Length - kept.Length;
        if (dropped > 0) Atomic.WriteOnce(ref tlb, kept);
        return dropped;
    }

    private static bool Covers(TlbEntry e, MmStruct mm, int start, int end) => ReferenceEquals(e.Mm, mm) && e.Va >= start && e.Va < end;
}
