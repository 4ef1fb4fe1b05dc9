namespace Torture.Model;

/// <summary>mm/mmu_notifier.c: struct mmu_notifier_subscriptions, hung off the mm by the first register.</summary>
public sealed class MmuNotifierSubscriptions
{
    internal MmuNotifierSubscriptions(MmStruct mm)
    {
        Mm = mm;
        List = new HlistHead(mm.Kernel);
        Lock = new Mutex("subscriptions->lock", mm.Name);
    }

    public MmStruct Mm { get; }

    /// <summary>->list: the notifiers, walked under SRCU.</summary>
    public HlistHead List { get; }

    /// <summary>->lock: an innermost spinlock, never held across a callback.</summary>
    public Mutex Lock { get; }

    /// <summary>->has_itree: an interval notifier was registered (interval trees come in a later issue).</summary>
    public bool HasItree { get; internal set; }

    /// <summary>->invalidate_seq: starts at 2, even when idle (interval notifiers).</summary>
    public long InvalidateSeq { get; internal set; } = 2;

    /// <summary>->active_invalidate_ranges (interval notifiers).</summary>
    public int ActiveInvalidateRanges { get; internal set; }

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
