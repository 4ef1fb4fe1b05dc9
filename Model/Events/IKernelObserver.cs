namespace Torture.Model;

/// <summary>
/// The model's events, for checkers. Each is raised by the running logical thread at the moment it
/// happens (before the state it announces changes, where that says "-ing"), so
/// <see cref="Sched.ThreadName"/> names the actor. Observers must only read model state.
/// </summary>
public interface IKernelObserver
{
    /// <summary>A page's last reference is going: the page still has its generation and mapcount.</summary>
    void PageFreeing(Page page, string who) { }

    /// <summary>A reference (possibly stale) is used: get, put, data access, set dirty.</summary>
    void PageUse(PageRef page, PageUse use, string who) { }

    void PteChanged(MmStruct mm, int va, Pte before, Pte after) { }

    /// <summary>A secondary MMU installed a translation in <paramref name="slot"/>.</summary>
    void SecondaryMapped(ISecondaryMmu mmu, int slot) { }

    /// <summary>A secondary MMU dropped a translation.</summary>
    void SecondaryUnmapped(ISecondaryMmu mmu, int slot, SecondaryTranslation old) { }

    /// <summary>The core is about to call one of a notifier's ops.</summary>
    void CallbackBegin(MmuNotifier sub, MmuNotifierOp op, MmuNotifierRange? range) { }

    /// <summary>The op returned (<paramref name="result"/> is the int it returned, 0 for void ops).</summary>
    void CallbackEnd(MmuNotifier sub, MmuNotifierOp op, MmuNotifierRange? range, int result) { }

    /// <summary>A notifier's hlist node is about to change; its state is still the old one.</summary>
    void HlistChanging(MmuNotifier sub, HlistOp op) { }

    /// <summary>mmu_notifier_unregister() is returning: its caller may now free the listener.</summary>
    void NotifierUnregistered(MmuNotifier sub) { }

    /// <summary>The notifier's memory is being freed (free_notifier, or its owner after unregister).</summary>
    void NotifierFreed(MmuNotifier sub) { }

    /// <summary>exit_mmap() starts, before mmu_notifier_release().</summary>
    void ExitMmapBegin(MmStruct mm) { }

    /// <summary>An mmu_gather drops its reference to a page it unmapped.</summary>
    void GatherFreeing(MmuGather tlb, PageRef page) { }

    /// <summary>mmu_notifier_subscriptions_destroy(): the last mmdrop frees the subscriptions.</summary>
    void SubscriptionsDestroying(MmStruct mm, MmuNotifierSubscriptions subs) { }

    /// <summary>A load or store by a CPU or a guest went through a translation; the data has moved.</summary>
    void MemoryAccessed(in MemoryAccess access) { }

    /// <summary>
    /// flush_tlb_range() returned, secondary TLBs included: no CPU or shared-page-table device holds a
    /// translation of [start, end) of the mm filled before <paramref name="began"/> (a <c>Kernel.Tick</c>).
    /// </summary>
    void TlbFlushed(MmStruct mm, int start, int end, long began) { }

    /// <summary>dup_mmap() is about to give the child the parent's PTEs of one VMA (the child's contents are the parent's now).</summary>
    void ForkCopying(Vma parent, Vma child) { }

    /// <summary>do_anonymous_page() maps a zero-filled page: whatever the address held before (a DONTNEED'd page) is gone.</summary>
    void ZeroFilled(Vma vma, int va) { }

    /// <summary>A page leaves its file's page cache, written back first only if it was dirty.</summary>
    void PageCacheRemoving(Page page, bool writtenBack) { }

    /// <summary>
    /// A write-protect operation (<paramref name="what"/>) that began at <paramref name="began"/> (a
    /// <c>Kernel.Tick</c>) promises that, from here on, no translation grants write to a read-only PTE of [start, end) of the mm.
    /// <paramref name="leavesOthersFlushes"/>: it never reads mm_tlb_flush_pending (folio_mkclean), so a PTE it
    /// found read-only under another thread's unflushed change is that thread's to flush, whenever it was made.
    /// </summary>
    void WriteProtectDone(MmStruct mm, int start, int end, long began, string what, bool leavesOthersFlushes = false) { }

    /// <summary>The core calls an interval notifier's ->invalidate.</summary>
    void IntervalInvalidateBegin(MmuIntervalNotifier sub, MmuNotifierRange range) { }

    /// <summary>->invalidate returned (<paramref name="ok"/> false: a non-blockable range it could not handle).</summary>
    void IntervalInvalidateEnd(MmuIntervalNotifier sub, MmuNotifierRange range, bool ok) { }

    /// <summary>mn_itree_inv_end() for <paramref name="range"/>, under the subscriptions' lock: its interval invalidations are over.</summary>
    void ItreeInvalidateEnd(MmStruct mm, MmuNotifierRange range) { }

    /// <summary>mmu_interval_read_begin() returned <paramref name="seq"/> to the running thread.</summary>
    void IntervalReadBegun(MmuIntervalNotifier sub, long seq) { }

    /// <summary>mmu_interval_read_retry(<paramref name="seq"/>) answered <paramref name="retry"/>.</summary>
    void IntervalReadRetried(MmuIntervalNotifier sub, long seq, bool retry) { }

    /// <summary>mn_itree_inv_end() applies a deferred insert or remove to the notifier's tree node.</summary>
    void ItreeUpdating(MmuIntervalNotifier sub) { }

    /// <summary>An interval is about to enter or leave <paramref name="subs"/>'s tree (interval_tree_insert/remove).</summary>
    void ItreeChanging(MmuNotifierSubscriptions subs, MmuIntervalNotifier sub) { }

    /// <summary>mmu_interval_notifier_remove() returned: no invalidate of it may run or start now.</summary>
    void IntervalNotifierRemoved(MmuIntervalNotifier sub) { }

    /// <summary>The driver freed its interval notifier.</summary>
    void IntervalNotifierFreed(MmuIntervalNotifier sub) { }

    /// <summary>migrate_vma_finalize() of the migration whose collect raised <paramref name="range"/>: its entries point at their final pages.</summary>
    void MigrateVmaFinalized(MmuNotifierRange range) { }

    /// <summary>
    /// A guest access went through a secondary translation: <paramref name="cachedHit"/> when its TLB
    /// already cached the entry, so the hardware set no accessed bit.
    /// </summary>
    void SecondaryAccessed(ISecondaryMmu mmu, int slot, PageRef page, bool cachedHit) { }

    /// <summary>
    /// A listener's young op looked at the accessed bit of its translation in <paramref name="slot"/> (of
    /// <paramref name="va"/>): found it set (<paramref name="young"/>), cleared it, and flushed its TLB.
    /// </summary>
    void SecondaryYoungScanned(ISecondaryMmu mmu, int slot, int va, PageRef page, bool young, bool cleared, bool flushed) { }

    /// <summary>A young op returned <paramref name="result"/>; <paramref name="bitsBefore"/> is the bitmap's word when it was called.</summary>
    void YoungOpReturned(MmuNotifier sub, MmuNotifierOp op, int start, int end, ulong bitsBefore, YoungBitmap? bitmap, MmuNotifierYoungFlags result) { }

    /// <summary>An aging scan (reclaim's reference check, an idle-page scan) begins on the running thread.</summary>
    void AgingScanBegin(string what) { }

    /// <summary>
    /// The running scan concluded whether <paramref name="page"/> was used since its last scan: through
    /// any of its mappings, or (<paramref name="within"/>) through those of one mm only, as MGLRU's
    /// look-around ages a neighbour by the page table at hand.
    /// </summary>
    void AgingScanned(PageRef page, bool young, string how, MmStruct? within) { }

    /// <summary>The running thread's aging scan is over.</summary>
    void AgingScanEnd() { }
}
