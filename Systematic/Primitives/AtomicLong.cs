namespace Torture.Systematic;

/// <summary>An atomic 64-bit integer (atomic_long_t); every access is a scheduling point.</summary>
public sealed class AtomicLong : Primitive
{
    private long value;

    public AtomicLong(string name, long initial = 0) : base(name) => value = initial;

    public long Load()
    {
        if (Ctl is null) return Volatile.Read(ref value);
        var t = Step(OpKind.Load);
        Trace(t, OpKind.Load, value);
        return value;
    }

    public void Store(long v)
    {
        if (Ctl is null) { Volatile.Write(ref value, v); return; }
        var t = Step(OpKind.Store);
        value = v;
        Trace(t, OpKind.Store, v);
    }

    /// <summary>Returns the old value.</summary>
    public long Exchange(long v)
    {
        if (Ctl is null) return Interlocked.Exchange(ref value, v);
        var t = Step(OpKind.Exchange);
        long old = value;
        value = v;
        Trace(t, OpKind.Exchange, v, old);
        return old;
    }

    /// <summary>atomic_cmpxchg: returns the value found; it swapped when that equals <paramref name="expected"/>.</summary>
    public long CompareExchange(long expected, long desired)
    {
        if (Ctl is null) return Interlocked.CompareExchange(ref value, desired, expected);
        var t = Step(OpKind.CompareExchange);
        long old = value;
        if (old == expected) value = desired;
        Trace(t, OpKind.CompareExchange, value, old);
        return old;
    }

    /// <summary>atomic_add_return: returns the new value.</summary>
    public long Add(long delta)
    {
        if (Ctl is null) return Interlocked.Add(ref value, delta);
        var t = Step(OpKind.Add);
        value += delta;
        Trace(t, OpKind.Add, value);
        return value;
    }

    private void Trace(LogicalThread t, OpKind op, long now, long? old = null)
    {
        if (Ctl!.IsTracing) Traced(t, op, old is null ? $"= {now}" : $"{old} -> {now}");
    }
}
