namespace Torture.Model;

/// <summary>
/// Fans each event out to the observers, in subscription order. On real threads one event is
/// delivered at a time: the checkers' bookkeeping is synchronized by that, so an observer must not
/// block, nor take a lock the model holds while it reports an event.
/// </summary>
internal sealed class KernelEvents : IKernelObserver
{
    private readonly List<IKernelObserver> observers = new();
    private readonly NativeLock delivering = new();

    /// <summary>
    /// Held while one event is delivered, and by the model around a change of state the checkers
    /// read together with its event (a PTE and its PteChanged), so no checker sees one without the other.
    /// </summary>
    internal NativeLock Delivering => delivering;

    internal KernelEvents() { }

    internal void Add(IKernelObserver o) => observers.Add(o);

    public void PageFreeing(Page page, string who) { using var _ = delivering.Hold(); foreach (var o in observers) o.PageFreeing(page, who); }
    public void PageUse(PageRef page, PageUse use, string who) { using var _ = delivering.Hold(); foreach (var o in observers) o.PageUse(page, use, who); }
    public void PteChanged(MmStruct mm, int va, Pte before, Pte after) { using var _ = delivering.Hold(); foreach (var o in observers) o.PteChanged(mm, va, before, after); }
    public void SecondaryMapped(ISecondaryMmu mmu, int slot) { using var _ = delivering.Hold(); foreach (var o in observers) o.SecondaryMapped(mmu, slot); }
    public void SecondaryUnmapped(ISecondaryMmu mmu, int slot, SecondaryTranslation old) { using var _ = delivering.Hold(); foreach (var o in observers) o.SecondaryUnmapped(mmu, slot, old); }
    public void CallbackBegin(MmuNotifier sub, MmuNotifierOp op, MmuNotifierRange? range) { using var _ = delivering.Hold(); foreach (var o in observers) o.CallbackBegin(sub, op, range); }
    public void CallbackEnd(MmuNotifier sub, MmuNotifierOp op, MmuNotifierRange? range, int result) { using var _ = delivering.Hold(); foreach (var o in observers) o.CallbackEnd(sub, op, range, result); }
    public void HlistChanging(MmuNotifier sub, HlistOp op) { using var _ = delivering.Hold(); foreach (var o in observers) o.HlistChanging(sub, op); }
    public void NotifierUnregistered(MmuNotifier sub) { using var _ = delivering.Hold(); foreach (var o in observers) o.NotifierUnregistered(sub); }
    public void NotifierFreed(MmuNotifier sub) { using var _ = delivering.Hold(); foreach (var o in observers) o.NotifierFreed(sub); }
    public void ExitMmapBegin(MmStruct mm) { using var _ = delivering.Hold(); foreach (var o in observers) o.ExitMmapBegin(mm); }
    public void GatherFreeing(MmuGather tlb, PageRef page) { using var _ = delivering.Hold(); foreach (var o in observers) o.GatherFreeing(tlb, page); }
    public void SubscriptionsDestroying(MmStruct mm, MmuNotifierSubscriptions subs) { using var _ = delivering.Hold(); foreach (var o in observers) o.SubscriptionsDestroying(mm, subs); }
    public void MemoryAccessed(in MemoryAccess access) { using var _ = delivering.Hold(); foreach (var o in observers) o.MemoryAccessed(access); }
    public void TlbFlushed(MmStruct mm, int start, int end, long began) { using var _ = delivering.Hold(); foreach (var o in observers) o.TlbFlushed(mm, start, end, began); }
    public void ForkCopying(Vma parent, Vma child) { using var _ = delivering.Hold(); foreach (var o in observers) o.ForkCopying(parent, child); }
    public void ZeroFilled(Vma vma, int va) { using var _ = delivering.Hold(); foreach (var o in observers) o.ZeroFilled(vma, va); }
    public void PageCacheRemoving(Page page, bool writtenBack) { using var _ = delivering.Hold(); foreach (var o in observers) o.PageCacheRemoving(page, writtenBack); }
    public void WriteProtectDone(MmStruct mm, int start, int end, long began, string what, bool leavesOthersFlushes = false) { using var _ = delivering.Hold(); foreach (var o in observers) o.WriteProtectDone(mm, start, end, began, what, leavesOthersFlushes); }
    public void IntervalInvalidateBegin(MmuIntervalNotifier sub, MmuNotifierRange range) { using var _ = delivering.Hold(); foreach (var o in observers) o.IntervalInvalidateBegin(sub, range); }
    public void IntervalInvalidateEnd(MmuIntervalNotifier sub, MmuNotifierRange range, bool ok) { using var _ = delivering.Hold(); foreach (var o in observers) o.IntervalInvalidateEnd(sub, range, ok); }
    public void ItreeInvalidateEnd(MmStruct mm, MmuNotifierRange range) { using var _ = delivering.Hold(); foreach (var o in observers) o.ItreeInvalidateEnd(mm, range); }
    public void IntervalReadBegun(MmuIntervalNotifier sub, long seq) { using var _ = delivering.Hold(); foreach (var o in observers) o.IntervalReadBegun(sub, seq); }
    public void IntervalReadRetried(MmuIntervalNotifier sub, long seq, bool retry) { using var _ = delivering.Hold(); foreach (var o in observers) o.IntervalReadRetried(sub, seq, retry); }
    public void ItreeChanging(MmuNotifierSubscriptions subs, MmuIntervalNotifier sub) { using var _ = delivering.Hold(); foreach (var o in observers) o.ItreeChanging(subs, sub); }
    public void ItreeUpdating(MmuIntervalNotifier sub) { using var _ = delivering.Hold(); foreach (var o in observers) o.ItreeUpdating(sub); }
    public void IntervalNotifierRemoved(MmuIntervalNotifier sub) { using var _ = delivering.Hold(); foreach (var o in observers) o.IntervalNotifierRemoved(sub); }
    public void IntervalNotifierFreed(MmuIntervalNotifier sub) { using var _ = delivering.Hold(); foreach (var o in observers) o.IntervalNotifierFreed(sub); }
    public void MigrateVmaFinalized(MmuNotifierRange range) { using var _ = delivering.Hold(); foreach (var o in observers) o.MigrateVmaFinalized(range); }
    public void SecondaryAccessed(ISecondaryMmu mmu, int slot, PageRef page, bool cachedHit) { using var _ = delivering.Hold(); foreach (var o in observers) o.SecondaryAccessed(mmu, slot, page, cachedHit); }
    public void SecondaryYoungScanned(ISecondaryMmu mmu, int slot, int va, PageRef page, bool young, bool cleared, bool flushed) { using var _ = delivering.Hold(); foreach (var o in observers) o.SecondaryYoungScanned(mmu, slot, va, page, young, cleared, flushed); }
    public void YoungOpReturned(MmuNotifier sub, MmuNotifierOp op, int start, int end, ulong bitsBefore, YoungBitmap? bitmap, MmuNotifierYoungFlags result) { using var _ = delivering.Hold(); foreach (var o in observers) o.YoungOpReturned(sub, op, start, end, bitsBefore, bitmap, result); }
    public void AgingScanBegin(string what) { using var _ = delivering.Hold(); foreach (var o in observers) o.AgingScanBegin(what); }
    public void AgingScanned(PageRef page, bool young, string how, MmStruct? within = null) { using var _ = delivering.Hold(); foreach (var o in observers) o.AgingScanned(page, young, how, within); }
    public void AgingScanEnd() { using var _ = delivering.Hold(); foreach (var o in observers) o.AgingScanEnd(); }
}
