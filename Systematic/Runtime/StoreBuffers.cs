namespace Torture.Systematic;

/// <summary>
/// The store buffers of one weak-memory iteration: which variables each thread has stores pending
/// in. The model is PSO-like (per-variable FIFO, so stores to different variables may become visible
/// out of order, as LKMM allows without smp_wmb); loads are not reordered.
/// </summary>
internal sealed class StoreBuffers
{
    private readonly List<IBufferedStores>?[] dirty = new List<IBufferedStores>?[64];

    /// <summary><paramref name="t"/> buffered a store in <paramref name="variable"/>.</summary>
    internal void Buffered(LogicalThread t, IBufferedStores variable)
    {
        var list = dirty[t.Id] ??= new List<IBufferedStores>(2);
        if (!list.Contains(variable)) list.Add(variable);
    }

    /// <summary>A barrier or release of <paramref name="t"/>: every store it buffers becomes visible.</summary>
    internal void Flush(LogicalThread t)
    {
        if (t.Id < 0 || dirty[t.Id] is not { Count: > 0 } list) return;
        foreach (var v in list) v.Flush(t.Id);
        list.Clear();
    }

    /// <summary>
    /// Whether an operation orders the thread's earlier stores before it: releases, wake-ups and
    /// value-returning atomics (fully ordered in LKMM), and a wait (set_current_state() is smp_store_mb()).
    /// Acquires, plain atomic loads and stores, yields and data choices do not.
    /// </summary>
    internal static bool Orders(OpKind op) => op is OpKind.Unlock or OpKind.UpRead or OpKind.UpWrite or OpKind.DowngradeWrite
        or OpKind.SemUp or OpKind.WaitEvent or OpKind.WaitSleep or OpKind.WakeUp or OpKind.WakeUpAll
        or OpKind.Exchange or OpKind.CompareExchange or OpKind.Add;
}

/// <summary>A variable whose stores may wait in store buffers.</summary>
internal interface IBufferedStores
{
    /// <summary>Make every store <paramref name="thread"/> buffers here visible, in order.</summary>
    void Flush(int thread);
}
