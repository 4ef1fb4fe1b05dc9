namespace Torture.Model;

/// <summary>hlist_for_each_entry_rcu() over an mm's notifier list under srcu_read_lock(): each listener that implements an op.</summary>
internal static class MmuNotifierList
{
    /// <summary>Call <paramref name="call"/> for every listener implementing <paramref name="op"/> (a static lambda and its state: no allocation on the flush path).</summary>
    public static void CallEach<TState>(MmStruct mm, MmuNotifierOp op, TState state, Action<Kernel, MmuNotifier, TState> call) =>
        Fold(mm, op, 0, (state, call), static (k, sub, s, acc) => { s.call(k, sub, s.state); return acc; }, stop: null);

    /// <summary>Combine what each listener implementing <paramref name="op"/> returns, stopping early once <paramref name="stop"/> says so.</summary>
    public static TAcc Fold<TState, TAcc>(MmStruct mm, MmuNotifierOp op, TAcc seed, TState state, Func<Kernel, MmuNotifier, TState, TAcc, TAcc> call, Func<TAcc, bool>? stop)
    {
        if (mm.NotifierSubscriptions is not { } subs) return seed;
        var k = mm.Kernel;
        var acc = seed;
        int id = k.Srcu.ReadLock();
        for (var n = subs.List.First; n is not null; n = n.Next)
        {
            if (n.Owner.Ops?.Has(op) != true) continue;
            acc = call(k, n.Owner, state, acc);
            if (stop?.Invoke(acc) == true) break;
        }
        k.Srcu.ReadUnlock(id);
        return acc;
    }
}
