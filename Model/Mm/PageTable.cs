namespace Torture.Model;

/// <summary>
/// One page-table page per mm (the model has at most a few virtual pages) with its split page-table
/// lock: mm/memory.c: pte_offset_map_lock(). Entries change only under the PTL, except the
/// accessed/dirty bits the MMU sets by itself.
/// </summary>
public sealed class PageTable
{
    private readonly MmStruct mm;
    private readonly Pte[] entries;

    internal PageTable(MmStruct mm, int size)
    {
        this.mm = mm;
        entries = new Pte[size];
        Ptl = new Mutex("ptl", mm.Name);
    }

    /// <summary>The PTL: a spinlock, innermost of the mm locks (§6.3).</summary>
    public Mutex Ptl { get; }

    public int Size => entries.Length;

    /// <summary>ptep_get(): the PTE as a lockless reader (GUP-fast, the MMU walker, a fault's first look) sees it.</summary>
    public Pte this[int va] => entries[va];

    /// <summary>set_pte_at() / ptep_get_and_clear(): only under the PTL.</summary>
    public void Set(int va, Pte pte)
    {
        KernelBug.On(!Ptl.IsHeldByCurrent, $"{mm.Name} va{va}: PTE changed without holding {Ptl.Name}");
        var before = entries[va];
        entries[va] = pte;
        Sched.Note($"{mm.Name} PTE va{va}: {before} -> {pte}");
        mm.Kernel.Events.PteChanged(mm, va, before, pte);
    }

    /// <summary>The MMU setting the accessed (and on a store the dirty) bit during a walk: atomic, no lock.</summary>
    internal void HardwareMarkAccessed(int va, bool write)
    {
        var pte = entries[va];
        entries[va] = pte with { Young = true, Dirty = pte.Dirty || write };
    }

    /// <summary>ptep_test_and_clear_young(): an atomic test-and-clear of the accessed bit, under the PTL here.</summary>
    internal bool TestAndClearYoung(int va)
    {
        KernelBug.On(!Ptl.IsHeldByCurrent, $"{mm.Name} va{va}: accessed bit cleared without holding {Ptl.Name}");
        var pte = entries[va];
        if (!pte.IsPresent || !pte.Young) return false;
        entries[va] = pte with { Young = false };
        Sched.Note($"{mm.Name} PTE va{va}: accessed bit cleared");
        return true;
    }
}
