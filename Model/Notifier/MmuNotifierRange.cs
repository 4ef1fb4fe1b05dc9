namespace Torture.Model;

/// <summary>
/// include/linux/mmu_notifier.h: struct mmu_notifier_range, built by mmu_notifier_range_init() (or
/// _init_owner()). The event is a hint (§1.4); the vma is the one the caller acts on, null where the
/// caller spans several (exit, munmap's unmap_vmas) or none (the OOM reaper's per-VMA ranges keep it).
/// </summary>
public sealed class MmuNotifierRange
{
    public MmuNotifierRange(MmStruct mm, int start, int end, MmuNotifierEvent ev, Vma? vma = null, object? owner = null)
    {
        Mm = mm;
        Start = start;
        End = end;
        Event = ev;
        Vma = vma;
        Owner = owner;
    }

    /// <summary>The VMA the caller acts on (seed 004: "contextual information" for listeners).</summary>
    public Vma? Vma { get; }

    public MmStruct Mm { get; }
    public int Start { get; }
    public int End { get; }
    public MmuNotifierEvent Event { get; }
    public object? Owner { get; }

    /// <summary>MMU_NOTIFIER_RANGE_BLOCKABLE: set by the start wrappers, never by callers.</summary>
    public bool Blockable { get; internal set; }

    public bool Contains(int va) => va >= Start && va < End;

    public bool Overlaps(int start, int end) => start < End && Start < end;

    public override string ToString() => $"{Event.ToString().ToUpperInvariant()} {Mm.Name} [{Start},{End}){(Blockable ? "" : " nonblock")}";
}
