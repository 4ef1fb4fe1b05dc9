namespace Torture.Model;

/// <summary>
/// drivers/misc/sgi-gru: a GRU context (struct gru_thread_state) of a process and the GRU TLB its
/// instructions translate through. Entries hold no page reference: only the flush in its gms's
/// start keeps them from outliving the pages.
/// </summary>
public sealed class GruContext : ISecondaryMmu, IMmBound
{
    // An entry is an Spte as the HMM mirror's device table is: page, permission, who installed it.
    private readonly Spte?[] tlb;

    public GruContext(MmStruct mm, string name)
    {
        Mm = mm;
        Name = name;
        tlb = new Spte?[mm.PageTable.Size];
        mm.Kernel.AddSecondary(this);
    }

    public MmStruct Mm { get; }

    public string Name { get; }

    /// <summary>gts->ts_gms: null until attached, again after the detach.</summary>
    public GruMmStruct? Gms { get; internal set; }

    /// <summary>The TLB handle: a dropin's check and TLB write are one operation of it, and a flush waits for it (on real threads, a lock).</summary>
    internal NativeLock TlbHandle { get; } = new();

    internal void Install(int va, Pte pte)
    {
        Atomic.WriteOnce(ref tlb[va], new Spte(pte.Page, pte.Write, Sched.ThreadName));
        Sched.Note($"{Name}: TLB va{va} -> {pte.Page} {(pte.Write ? "rw" : "ro")}");
        Mm.Kernel.Events.SecondaryMapped(this, va);
    }

    internal void Flush(int start, int end)
    {
        using var _ = TlbHandle.Hold();
        for (int va = Math.Max(0, start); va < Math.Min(end, tlb.Length); va++)
        {
            if (tlb[va] is null) continue;
            TryGetTranslation(va, out var old);
            tlb[va] = null;
            Sched.Note($"{Name}: TLB va{va} flushed");
            Mm.Kernel.Events.SecondaryUnmapped(this, va, old);
        }
    }

    // ---- ISecondaryMmu -----------------------------------------------------------------------

    public ISubscription Subscription => (ISubscription?)Gms?.Notifier ?? Unattached.Instance;

    public int TranslationSlots => tlb.Length;

    public bool TryGetTranslation(int slot, out SecondaryTranslation translation)
    {
        if (tlb[slot] is { } e)
        {
            translation = new SecondaryTranslation("GRU TLB", slot, Mm, slot, e.Page, e.Writable, e.InstalledBy);
            return true;
        }
        translation = default;
        return false;
    }

    public long ActiveInvalidations => Gms?.RangeActive ?? 0;

    public override string ToString() => Name;

    private sealed class Unattached : ISubscription
    {
        public static readonly Unattached Instance = new();
        public bool Subscribed => false;
        public string State => "no gms attached";
    }
}
