namespace Torture.Model;

public enum HlistNodeState : byte
{
    /// <summary>pprev == NULL: never added, or removed with hlist_del_init_rcu().</summary>
    Unhashed,
    Hashed,
    /// <summary>pprev == LIST_POISON2 after hlist_del_rcu(): hlist_unhashed() says false, any further delete oopses.</summary>
    Poisoned,
}

public enum HlistOp : byte
{
    AddHeadRcu,
    DelRcu,
    DelInitRcu,
}

/// <summary>include/linux/types.h: struct hlist_node, as RCU readers and updaters see it.</summary>
public sealed class HlistNode
{
    internal HlistNode(MmuNotifier owner) => Owner = owner;

    public MmuNotifier Owner { get; }
    public HlistNodeState State { get; internal set; }

    /// <summary>->next: kept by both RCU deletes, so a reader standing on a deleted node walks on.</summary>
    public HlistNode? Next { get; internal set; }

    internal HlistNode? Prev;

    /// <summary>hlist_unhashed().</summary>
    public bool Unhashed => State == HlistNodeState.Unhashed;
}

/// <summary>
/// include/linux/rculist.h: an hlist_head with the RCU-safe updates. Updaters hold the list's
/// spinlock; readers walk <see cref="First"/> and <see cref="HlistNode.Next"/> under SRCU. An update
/// that would oops in the kernel (deleting a node that is not on a list) is announced to the observers
/// and then stops the model as an oops.
/// </summary>
public sealed class HlistHead
{
    private readonly Kernel kernel;

    internal HlistHead(Kernel kernel) => this.kernel = kernel;

    public HlistNode? First { get; private set; }

    public bool IsEmpty => First is null;

    /// <summary>hlist_add_head_rcu(): publish a fully initialised node at the head.</summary>
    public void AddHeadRcu(HlistNode n)
    {
        kernel.Events.HlistChanging(n.Owner, HlistOp.AddHeadRcu);
        KernelBug.On(n.State != HlistNodeState.Unhashed, $"hlist_add_head_rcu({n.Owner}) on a node that is {n.State}: list corruption");
        n.Next = First;
        n.Prev = null;
        if (First is not null) First.Prev = n;
        First = n;
        n.State = HlistNodeState.Hashed;
        Sched.Note($"hlist_add_head_rcu({n.Owner})");
    }

    /// <summary>hlist_del_rcu(): unlink, keep ->next for readers, poison ->pprev. Oopses on an unhashed node.</summary>
    public void DelRcu(HlistNode n)
    {
        kernel.Events.HlistChanging(n.Owner, HlistOp.DelRcu);
        KernelBug.On(n.State != HlistNodeState.Hashed, $"hlist_del_rcu({n.Owner}) on a {n.State} node: {(n.State == HlistNodeState.Unhashed ? "NULL" : "LIST_POISON2")} pointer dereference");
        Unlink(n);
        n.State = HlistNodeState.Poisoned;
        Sched.Note($"hlist_del_rcu({n.Owner})");
    }

    /// <summary>hlist_del_init_rcu(): unlink and mark unhashed; a no-op on an unhashed node.</summary>
    public void DelInitRcu(HlistNode n)
    {
        kernel.Events.HlistChanging(n.Owner, HlistOp.DelInitRcu);
        if (n.State == HlistNodeState.Unhashed) return;
        KernelBug.On(n.State == HlistNodeState.Poisoned, $"hlist_del_init_rcu({n.Owner}) on a poisoned node: LIST_POISON2 dereference");
        Unlink(n);
        n.State = HlistNodeState.Unhashed;
        Sched.Note($"hlist_del_init_rcu({n.Owner})");
    }

    private void Unlink(HlistNode n)
    {
        if (n.Prev is null) First = n.Next;
        else n.Prev.Next = n.Next;
        if (n.Next is not null) n.Next.Prev = n.Prev;
        n.Prev = null;
    }
}
