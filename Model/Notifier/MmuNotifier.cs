namespace Torture.Model;

/// <summary>include/linux/mmu_notifier.h: struct mmu_notifier, one listener's subscription to one mm.</summary>
public sealed class MmuNotifier : ISubscription
{
    public MmuNotifier(string name, MmuNotifierOps? ops)
    {
        Name = name;
        Ops = ops;
        Node = new HlistNode(this);
    }

    public string Name { get; }

    /// <summary>->ops; set before the node is published.</summary>
    public MmuNotifierOps? Ops { get; internal set; }

    /// <summary>->mm, set by register.</summary>
    public MmStruct? Mm { get; internal set; }

    /// <summary>->users (mmu_notifier_get/put).</summary>
    public int Users { get; internal set; }

    /// <summary>->hlist.</summary>
    public HlistNode Node { get; }

    /// <summary>On its mm's notifier list.</summary>
    public bool Hashed => Node.State == HlistNodeState.Hashed;

    bool ISubscription.Subscribed => Hashed;

    string ISubscription.State => $"notifier {Node.State}";

    public override string ToString() => Name;
}
