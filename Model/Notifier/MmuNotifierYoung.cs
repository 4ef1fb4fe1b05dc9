namespace Torture.Model;

/// <summary>
/// mm/mmu_notifier.c: __mmu_notifier_clear_flush_young(), __mmu_notifier_clear_young(),
/// __mmu_notifier_test_young(), with the 2024 proposal's range and bitmap (seed 002). The results are
/// OR-ed over the listeners; test_young without a bitmap stops at the first young one, as mainline
/// does, and with one asks them all, as the proposal changed it to.
/// </summary>
public static class MmuNotifierYoung
{
    public static MmuNotifierYoungFlags ClearFlushYoung(MmStruct mm, int start, int end) =>
        Each(mm, MmuNotifierOp.ClearFlushYoung, start, end, null, stopAtYoung: false);

    public static MmuNotifierYoungFlags ClearYoung(MmStruct mm, int start, int end, YoungBitmap? bitmap = null) =>
        Each(mm, MmuNotifierOp.ClearYoung, start, end, bitmap, stopAtYoung: false);

    public static MmuNotifierYoungFlags TestYoung(MmStruct mm, int start, int end, YoungBitmap? bitmap = null) =>
        // Each listener fills the bitmap with its own young pages: stopping at the first leaves the
        // others' pages looking old.
        Each(mm, MmuNotifierOp.TestYoung, start, end, bitmap, stopAtYoung: bitmap is null || mm.Kernel.Faults.On(Mutant.TestYoungBitmapFirstWins));

    private static MmuNotifierYoungFlags Each(MmStruct mm, MmuNotifierOp op, int start, int end, YoungBitmap? bitmap, bool stopAtYoung) =>
        MmuNotifierList.Fold(mm, op, MmuNotifierYoungFlags.None, (mm, op, start, end, bitmap),
            static (k, sub, s, young) => young | NotifierCall.Young(k, sub, s.op, s.mm, s.start, s.end, s.bitmap),
            stopAtYoung ? static young => (young & MmuNotifierYoungFlags.Young) != 0 : null);
}
