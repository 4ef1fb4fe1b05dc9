namespace Torture.Model;

/// <summary>hlist_for_each_entry_rcu() over an mm's notifier list under srcu_read_lock(): each listener that implements an op.</summary>
internal static class MmuNotifierList
{
    /// <summary>Call <paramref name="call"/> for every listener implementing <paramref name="op"/> (a static lambda and its state: no allocation on the flush path).</summary>
    public static void CallEach<TState>(MmStruct mm, MmuNotifierOp op, TState state, Action<Kernel, MmuNotifier, TState> call)
    {
        if (mm.NotifierSubscriptions is not { } subs) return;
        var k = mm.Kernel;
        int id = k.Srcu.ReadLock();
        for (var n = subs.List.First; n is not null; n = n.Next)
        {
            if (n.Owner.Ops?.Has(op) == true) call(k, n.Owner, state);
        }
        k.Srcu.ReadUnlock(id);
    }
}
