namespace Torture.Model;

/// <summary>
/// mm/vmscan.c: lru_gen_look_around(), from folio_referenced_one() under the PTL: if the PTE is young,
/// age its neighbours in the same page table while it is at hand. With the 2024 proposal, a
/// listener that answered MMU_NOTIFIER_YOUNG_FAST gets the neighbours as one bitmap: test_young
/// says which are young, clear_young clears exactly those. Without it (or when any listener answers
/// the bitmap UNRELIABLE) each neighbour is asked alone, as mainline does.
/// </summary>
public static class LruGenLookAround
{
    /// <summary>The look-around window: the page and one neighbour each side (MIN_LRU_BATCH in the kernel).</summary>
    public const int Reach = 1;

    /// <summary>Whether the PTE at <paramref name="va"/> was young. Under its PTL.</summary>
    public static bool Run(Vma vma, int va)
    {
        var young = PtepYoung.ClearYoungNotify(vma, va);
        if (!young.IsYoung()) return false;
        var mm = vma.Mm;
        int start = Math.Max(vma.Start, va - Reach), end = Math.Min(vma.End, va + Reach + 1);
        var target = mm.PageTable[va].Page;
        // A neighbour mapping the folio under check itself (a KSM page merged twice in one mm) is
        // left to folio_referenced(), whose walk reaches that mapping too.
        var neighbours = Enumerable.Range(start, end - start).Where(n => n != va && mm.PageTable[n].IsPresent && mm.PageTable[n].Page != target && mm.PageTable[n].Page.Page.Pgmap is null).ToList();
        if (neighbours.Count == 0) return true;
        if ((young & MmuNotifierYoungFlags.Fast) != 0 && WithBitmap(vma, start, end, neighbours)) return true;
        foreach (int n in neighbours) Conclude(mm, n, PtepYoung.ClearYoungNotify(vma, n).IsYoung());
        return true;
    }

    // The proposal's look-around: false when the listeners' bitmap cannot be trusted and each
    // neighbour must be asked alone.
    private static bool WithBitmap(Vma vma, int start, int end, List<int> neighbours)
    {
        var mm = vma.Mm;
        var seen = new YoungBitmap(start, end);
        var r = MmuNotifierYoung.TestYoung(mm, start, end, seen);
        // UNRELIABLE: the bitmap "does not accurately represent the age of the pages".
        if ((r & MmuNotifierYoungFlags.BitmapUnreliable) != 0 && !mm.Kernel.Faults.On(Mutant.LookAroundTrustsUnreliable)) return false;
        var clear = new YoungBitmap(start, end);
        foreach (int n in neighbours)
        {
            bool secondary = seen.Test(n);
            Conclude(mm, n, mm.PageTable.TestAndClearYoung(n) | secondary);
            if (secondary) clear.Set(n);
        }
        // Clear only what was reported: a page that turned young since the test keeps its bit for the next scan.
        if (clear.Bits != 0) MmuNotifierYoung.ClearYoung(mm, start, end, clear);
        return true;
    }

    // folio_activate() / folio_update_gen() of a young neighbour: the model keeps no generations, the conclusion is what it records.
    private static void Conclude(MmStruct mm, int va, bool young) =>
        mm.Kernel.Events.AgingScanned(mm.PageTable[va].Page, young, "lru_gen_look_around", within: mm);
}
