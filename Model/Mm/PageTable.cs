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
    // A kernel PTE is one word, loaded and stored in one access; the model's is a struct, so on real
    // threads its loads and stores (and the MMU's read-modify-write of the A/D bits) hold this.
    private readonly NativeLock word = new();

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
    public Pte this[int va]
    {
        get
        {
            using var _ = word.Hold();
            return entries[va];
        }
    }

    /// <summary>set_pte_at() / ptep_get_and_clear(): only under the PTL.</summary>
    public void Set(int va, Pte pte)
    {
        KernelBug.On(!Ptl.IsHeldByCurrent, $"{mm.Name} va{va}: PTE changed without holding {Ptl.Name}");
        // The checkers read PTEs: they see this one only with its event.
        using var _ = mm.Kernel.Events.Delivering.Hold();
        Pte before;
        using (word.Hold())
        {
            before = entries[va];
            entries[va] = pte;
        }
        Sched.Note($"{mm.Name} PTE va{va}: {before} -> {pte}");
        mm.Kernel.Events.PteChanged(mm, va, before, pte);
    }

    /// <summary>
    /// The MMU setting the accessed (and on a store the dirty) bit of the PTE its walk read: a locked
    /// read-modify-write, no PTL. The entry as set, or null when it is no longer <paramref name="seen"/>
    /// (changed under the walk, on real threads only: the walk starts over).
    /// </summary>
    internal Pte? HardwareMarkAccessed(int va, Pte seen, bool write)
    {
        using var _ = word.Hold();
        if (entries[va] != seen) return null;
        return entries[va] = seen with { Young = true, Dirty = seen.Dirty || write };
    }

    /// <summary>ptep_test_and_clear_young(): an atomic test-and-clear of the accessed bit, under the PTL here.</summary>
    internal bool TestAndClearYoung(int va)
    {
        KernelBug.On(!Ptl.IsHeldByCurrent, $"{mm.Name} va{va}: accessed bit cleared without holding {Ptl.Name}");
        using (word.Hold())
        {
            var pte = entries[va];
            if (!pte.IsPresent || !pte.Young) return false;
            entries[va] = pte with { Young = false };
        }
        Sched.Note($"{mm.Name} PTE va{va}: accessed bit cleared");
        return true;
    }
}
