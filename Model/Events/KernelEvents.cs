namespace Torture.Model;

/// <summary>Fans each event out to the observers, in subscription order.</summary>
internal sealed class KernelEvents : IKernelObserver
{
    private readonly List<IKernelObserver> observers = new();

    internal KernelEvents() { }

    internal void Add(IKernelObserver o) => observers.Add(o);

    public void PageFreeing(Page page, string who) { foreach (var o in observers) o.PageFreeing(page, who); }
    public void PageUse(PageRef page, PageUse use, string who) { foreach (var o in observers) o.PageUse(page, use, who); }
    public void PteChanged(MmStruct mm, int va, Pte before, Pte after) { foreach (var o in observers) o.PteChanged(mm, va, before, after); }
    public void SecondaryMapped(ISecondaryMmu mmu, int slot) { foreach (var o in observers) o.SecondaryMapped(mmu, slot); }
    public void SecondaryUnmapped(ISecondaryMmu mmu, int slot, SecondaryTranslation old) { foreach (var o in observers) o.SecondaryUnmapped(mmu, slot, old); }
    public void CallbackBegin(MmuNotifier sub, MmuNotifierOp op, MmuNotifierRange? range) { foreach (var o in observers) o.CallbackBegin(sub, op, range); }
    public void CallbackEnd(MmuNotifier sub, MmuNotifierOp op, MmuNotifierRange? range, int result) { foreach (var o in observers) o.CallbackEnd(sub, op, range, result); }
    public void HlistChanging(MmuNotifier sub, HlistOp op) { foreach (var o in observers) o.HlistChanging(sub, op); }
    public void NotifierUnregistered(MmuNotifier sub) { foreach (var o in observers) o.NotifierUnregistered(sub); }
    public void NotifierFreed(MmuNotifier sub) { foreach (var o in observers) o.NotifierFreed(sub); }
    public void ExitMmapBegin(MmStruct mm) { foreach (var o in observers) o.ExitMmapBegin(mm); }
    public void GatherFreeing(MmuGather tlb, PageRef page) { foreach (var o in observers) o.GatherFreeing(tlb, page); }
    public void SubscriptionsDestroying(MmStruct mm, MmuNotifierSubscriptions subs) { foreach (var o in observers) o.SubscriptionsDestroying(mm, subs); }
    public void MemoryAccessed(in MemoryAccess access) { foreach (var o in observers) o.MemoryAccessed(access); }
    public void TlbFlushed(MmStruct mm, int start, int end, long began) { foreach (var o in observers) o.TlbFlushed(mm, start, end, began); }
    public void ForkCopying(Vma parent, Vma child) { foreach (var o in observers) o.ForkCopying(parent, child); }
    public void ZeroFilled(Vma vma, int va) { foreach (var o in observers) o.ZeroFilled(vma, va); }
    public void PageCacheRemoving(Page page, bool writtenBack) { foreach (var o in observers) o.PageCacheRemoving(page, writtenBack); }
    public void WriteProtectDone(MmStruct mm, int start, int end, long began, string what, bool leavesOthersFlushes = false) { foreach (var o in observers) o.WriteProtectDone(mm, start, end, began, what, leavesOthersFlushes); }
    public void IntervalInvalidateBegin(MmuIntervalNotifier sub, MmuNotifierRange range) { foreach (var o in observers) o.IntervalInvalidateBegin(sub, range); }
    public void IntervalInvalidateEnd(MmuIntervalNotifier sub, MmuNotifierRange range, bool ok) { foreach (var o in observers) o.IntervalInvalidateEnd(sub, range, ok); }
    public void ItreeInvalidateEnd(MmStruct mm, MmuNotifierRange range) { foreach (var o in observers) o.ItreeInvalidateEnd(mm, range); }
    public void IntervalReadBegun(MmuIntervalNotifier sub, long seq) { foreach (var o in observers) o.IntervalReadBegun(sub, seq); }
    public void IntervalReadRetried(MmuIntervalNotifier sub, long seq, bool retry) { foreach (var o in observers) o.IntervalReadRetried(sub, seq, retry); }
    public void ItreeChanging(MmuNotifierSubscriptions subs, MmuIntervalNotifier sub) { foreach (var o in observers) o.ItreeChanging(subs, sub); }
    public void ItreeUpdating(MmuIntervalNotifier sub) { foreach (var o in observers) o.ItreeUpdating(sub); }
    public void IntervalNotifierRemoved(MmuIntervalNotifier sub) { foreach (var o in observers) o.IntervalNotifierRemoved(sub); }
    public void IntervalNotifierFreed(MmuIntervalNotifier sub) { foreach (var o in observers) o.IntervalNotifierFreed(sub); }
    public void MigrateVmaFinalized(MmuNotifierRange range) { foreach (var o in observers) o.MigrateVmaFinalized(range); }
    public void SecondaryAccessed(ISecondaryMmu mmu, int slot, PageRef page, bool cachedHit) { foreach (var o in observers) o.SecondaryAccessed(mmu, slot, page, cachedHit); }
    public void SecondaryYoungScanned(ISecondaryMmu mmu, int slot, int va, PageRef page, bool young, bool cleared, bool flushed) { foreach (var o in observers) o.SecondaryYoungScanned(mmu, slot, va, page, young, cleared, flushed); }
    public void YoungOpReturned(MmuNotifier sub, MmuNotifierOp op, int start, int end, ulong bitsBefore, YoungBitmap? bitmap, MmuNotifierYoungFlags result) { foreach (var o in observers) o.YoungOpReturned(sub, op, start, end, bitsBefore, bitmap, result); }
    public void AgingScanBegin(string what) { foreach (var o in observers) o.AgingScanBegin(what); }
    public void AgingScanned(PageRef page, bool young, string how, MmStruct? within = null) { foreach (var o in observers) o.AgingScanned(page, young, how, within); }
    public void AgingScanEnd() { foreach (var o in observers) o.AgingScanEnd(); }
}
