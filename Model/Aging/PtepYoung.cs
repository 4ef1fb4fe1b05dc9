namespace Torture.Model;

/// <summary>
/// include/linux/mmu_notifier.h: ptep_clear_flush_young_notify() and ptep_clear_young_notify(): the
/// primary's accessed bit, then the secondary MMUs' for the same page, OR-ed. Called under the PTL.
/// </summary>
public static class PtepYoung
{
    /// <summary>ptep_clear_flush_young_notify(): the generic ptep_clear_flush_young() flushes a young entry, so the next access sets A again.</summary>
    public static MmuNotifierYoungFlags ClearFlushYoungNotify(Vma vma, int va)
    {
        var mm = vma.Mm;
        bool young = mm.PageTable.TestAndClearYoung(va);
        if (young) TlbFlush.Range(mm, va, va + 1);   // flush_tlb_page()
        return Primary(young) | MmuNotifierYoung.ClearFlushYoung(mm, va, va + 1);
    }

    /// <summary>ptep_clear_young_notify(): no flush on either side; an entry cached in a TLB keeps being used without setting A.</summary>
    public static MmuNotifierYoungFlags ClearYoungNotify(Vma vma, int va) =>
        Primary(vma.Mm.PageTable.TestAndClearYoung(va)) | MmuNotifierYoung.ClearYoung(vma.Mm, va, va + 1);

    internal static MmuNotifierYoungFlags Primary(bool young) => young ? MmuNotifierYoungFlags.Young : MmuNotifierYoungFlags.None;

    public static bool IsYoung(this MmuNotifierYoungFlags flags) => (flags & MmuNotifierYoungFlags.Young) != 0;
}
