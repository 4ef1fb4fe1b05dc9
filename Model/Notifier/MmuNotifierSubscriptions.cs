namespace Torture.Model;

/// <summary>mm/mmu_notifier.c: struct mmu_notifier_subscriptions, hung off the mm by the first register.</summary>
public sealed class MmuNotifierSubscriptions
{
    internal MmuNotifierSubscriptions(MmStruct mm)
    {
        Mm = mm;
        List = new HlistHead(mm.Kernel);
        Lock = new Mutex("subscriptions->lock", mm.Name);
        Wq = new WaitQueue($"{mm.Name} subscriptions->wq: interval readers and removers waiting for the invalidations to end");
    }

    public MmStruct Mm { get; }

    /// <summary>->list: the notifiers, walked under SRCU.</summary>
    public HlistHead List { get; }

    /// <summary>->lock: an innermost spinlock, never held across a callback.</summary>
    public Mutex Lock { get; }

    /// <summary>->has_itree: an interval notifier was ever inserted (register with a NULL subscription).</summary>
    public bool HasItree { get; internal set; }

    /// <summary>->invalidate_seq: starts at 2; odd while an invalidation overlaps some interval (the tree may not change then).</summary>
    public long InvalidateSeq { get; internal set; } = 2;

    /// <summary>->active_invalidate_ranges: invalidations between their start and end, overlapping an interval or not.</summary>
    public int ActiveInvalidateRanges { get; internal set; }

    /// <summary>->itree, kept in (start, insertion) order: the order interval_tree_iter_first/next visit overlapping nodes.</summary>
    internal List<MmuIntervalNotifier> Itree { get; } = new();

    /// <summary>->deferred_list: inserts and removes queued while invalidating (hlist_add_head: newest first).</summary>
    internal List<MmuIntervalNotifier> DeferredList { get; } = new();

    /// <summary>->wq.</summary>
    public WaitQueue Wq { get; }

    /// <summary>
    /// Invalidations walking the tree without the lock (mn_itree_inv_next()): they rely on it staying
    /// frozen while invalidate_seq is odd, which only the deferred list makes true.
    /// </summary>
    public int ItreeWalkers => Atomic.ReadOnce(ref itreeWalkers);

    private int itreeWalkers;

    /// <summary>Walkers enter and leave without subscriptions->lock (atomic on real threads).</summary>
    internal void ItreeWalkerEnters() => Atomic.IncReturn(ref itreeWalkers);

    internal void ItreeWalkerLeaves() => Atomic.DecReturn(ref itreeWalkers);

    /// <summary>interval_tree_insert().</summary>
    internal void ItreeInsert(MmuIntervalNotifier sub)
    {
        Mm.Kernel.Events.ItreeChanging(this, sub);
        int at = Itree.FindIndex(n => n.Start > sub.Start);
        Itree.Insert(at < 0 ? Itree.Count : at, sub);
        sub.InTree = true;
    }

    /// <summary>interval_tree_remove().</summary>
    internal void ItreeRemove(MmuIntervalNotifier sub)
    {
        Mm.Kernel.Events.ItreeChanging(this, sub);
        Itree.Remove(sub);
        sub.InTree = false;
    }

    /// <summary>The notifiers on the list now, head first.</summary>
    public IEnumerable<MmuNotifier> Notifiers()
    {
        for (var n = List.First; n is not null; n = n.Next) yield return n.Owner;
    }

    // mm/mmu_notifier.c: __mmu_notifier_subscriptions_destroy(): BUG if a notifier is still hashed.
    internal void Destroy()
    {
        Mm.Kernel.Events.SubscriptionsDestroying(Mm, this);
        KernelBug.On(!List.IsEmpty, $"{Mm} notifier subscriptions freed while {List.First!.Owner} is still on the list");
        Mm.NotifierSubscriptions = null;
    }
}
