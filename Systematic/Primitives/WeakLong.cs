namespace Torture.Systematic;

/// <summary>
/// A plain shared 64-bit variable of the kernel, written with WRITE_ONCE and read locklessly with
/// READ_ONCE (<c>kvm->mmu_invalidate_seq</c>). Sequentially consistent unless the exploration turns
/// weak memory on (<see cref="ExplorationOptions.WeakMemory"/>): then a store waits in its thread's
/// store buffer until a barrier or a release of that thread (or a reader drains it), so a lockless
/// reader may see stores in another order than they were made. Accesses are not scheduling points.
/// </summary>
public sealed class WeakLong : Primitive, IBufferedStores
{
    /// <summary>The value every thread sees once the stores before it are flushed.</summary>
    private long committed;
    /// <summary>Stores still in their threads' buffers, oldest first (weak memory only).</summary>
    private readonly List<(int Thread, long Value)> pending = new(0);

    public WeakLong(string name, long initial = 0) : base(name) => committed = initial;

    /// <summary>
    /// A read ordered against the writers by a lock both hold, or by the writer itself, or by a check
    /// (never a lockless reader: that is <see cref="ReadOnce"/>); a set is WRITE_ONCE.
    /// </summary>
    public long Value
    {
        get
        {
            if (Ctl is null) return Volatile.Read(ref committed);
            Ctl.Touch(OpKind.Load, this);
            return pending.Count > 0 && Ctl.Running is { Id: >= 0 } t && Newest(t.Id) is { } own ? own : committed;
        }
        set
        {
            if (Ctl is null) { Volatile.Write(ref committed, value); return; }
            Ctl.Touch(OpKind.Store, this);
            if (Ctl.Weak is { } w && Ctl.Running is { Id: >= 0 } t && !Ctl.Quiet)
            {
                pending.Add((t.Id, value));
                w.Buffered(t, this);
                return;
            }
            committed = value;
        }
    }

    /// <summary>smp_store_release(): this thread's earlier stores and this one are visible from here on.</summary>
    public void StoreRelease(long v)
    {
        if (Ctl is null) { Volatile.Write(ref committed, v); return; }
        Ctl.Touch(OpKind.Store, this);
        Ctl.Fence();
        committed = v;
    }

    /// <summary>
    /// READ_ONCE() by a reader that holds nothing ordering it against the writers. Under weak memory
    /// it sees its own newest store, else a data choice: the value every thread sees, or the oldest
    /// store another thread still buffers (drained now, so reads of one variable never go back in time).
    /// </summary>
    public long ReadOnce()
    {
        var c = Ctl;
        if (c is null) return Volatile.Read(ref committed);
        if (pending.Count == 0 || c.Weak is null || c.Quiet || c.Running is not { Id: >= 0 } t) return Value;
        if (Newest(t.Id) is { } own) return own;
        Span<int> writers = stackalloc int[pending.Count];
        int k = 0;
        foreach (var (thread, _) in pending)
        {
            if (writers[..k].IndexOf(thread) < 0) writers[k++] = thread;
        }
        int pick = c.Choose(k + 1);
        int writer = pick > 0 ? writers[pick - 1] : -1;
        if (pick > 0)
        {
            int at = 0;
            while (pending[at].Thread != writer) at++;
            committed = pending[at].Value;
            pending.RemoveAt(at);
        }
        if (c.IsTracing) Traced(t, OpKind.Load, pick == 0 ? $"= {committed} ({k} newer store(s) still buffered)" : $"= {committed} (drained from {c.Threads[writer].ThreadName}'s store buffer)");
        return committed;
    }

    private long? Newest(int thread)
    {
        for (int i = pending.Count - 1; i >= 0; i--)
        {
            if (pending[i].Thread == thread) return pending[i].Value;
        }
        return null;
    }

    /// <summary>Make every store <paramref name="thread"/> buffers here visible, in order.</summary>
    void IBufferedStores.Flush(int thread)
    {
        for (int i = 0; i < pending.Count;)
        {
            if (pending[i].Thread != thread) { i++; continue; }
            committed = pending[i].Value;
            pending.RemoveAt(i);
        }
    }

    public override string ToString() => $"{Name} = {Value}";
}
