namespace Torture.Invariants;

/// <summary>
/// I12: the notifier hlist's node state machine: add only an unhashed node, hlist_del_rcu only a
/// hashed one, hlist_del_init_rcu never a poisoned one; a traversal never reaches a notifier whose
/// ops are unset; the subscriptions are freed only once the list is empty; the interval tree does not
/// change under an invalidation walking it without the lock.
/// </summary>
public sealed class ListIntegrity : IInvariant
{
    public string Name => "I12 ListIntegrity";

    public string Description =>
        "hlist_add_head_rcu only on Unhashed, hlist_del_rcu only on Hashed, hlist_del_init_rcu not on Poisoned; callbacks only through notifiers with ops; subscriptions destroyed only with an empty list; no interval tree change under a lockless walk.";

    public void Attach(Kernel kernel, ProgramBuilder program) => kernel.Observe(new Watch(Name));

    private sealed class Watch(string name) : IKernelObserver
    {
        public void HlistChanging(MmuNotifier sub, HlistOp op)
        {
            var state = sub.Node.State;
            string? wrong = (op, state) switch
            {
                (HlistOp.AddHeadRcu, not HlistNodeState.Unhashed) => $"adds {sub}, whose node is already {state}: the list is corrupted",
                (HlistOp.DelRcu, HlistNodeState.Unhashed) => $"hlist_del_rcu({sub}) on a node already unhashed (pprev == NULL): NULL pointer dereference",
                (HlistOp.DelRcu, HlistNodeState.Poisoned) => $"hlist_del_rcu({sub}) a second time (pprev == LIST_POISON2)",
                (HlistOp.DelInitRcu, HlistNodeState.Poisoned) => $"hlist_del_init_rcu({sub}) on a node hlist_del_rcu left poisoned",
                _ => null,
            };
            if (wrong is not null) Sched.Fail(name, $"{Sched.ThreadName} {wrong}");
        }

        public void CallbackBegin(MmuNotifier sub, MmuNotifierOp op, MmuNotifierRange? range)
        {
            if (sub.Ops is null) Sched.Fail(name, $"{Sched.ThreadName} reached {sub} on the list before its ops were set, and calls {op}");
        }

        public void ItreeChanging(MmuNotifierSubscriptions subs, MmuIntervalNotifier sub)
        {
            if (subs.ItreeWalkers > 0)
                Sched.Fail(name, $"{Sched.ThreadName} changes {subs.Mm}'s interval tree ({sub}) while {subs.ItreeWalkers} invalidation(s) walk it without the lock: the tree must stay frozen while invalidate_seq is odd");
        }

        public void SubscriptionsDestroying(MmStruct mm, MmuNotifierSubscriptions subs)
        {
            if (!subs.List.IsEmpty)
                Sched.Fail(name, $"{Sched.ThreadName} frees {mm}'s notifier subscriptions while {string.Join(", ", subs.Notifiers())} is still on the list");
        }
    }
}
