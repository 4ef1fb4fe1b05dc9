namespace Torture.Systematic;

/// <summary>An atomic reference (a pointer published with WRITE_ONCE/cmpxchg); every access is a scheduling point.</summary>
public sealed class AtomicRef<T> : Primitive where T : class
{
    private T? value;

    public AtomicRef(string name, T? initial = null) : base(name) => value = initial;

    public T? Load()
    {
        if (Ctl is null) return Volatile.Read(ref value);
        var t = Step(OpKind.Load);
        Trace(t, OpKind.Load, value);
        return value;
    }

    public void Store(T? v)
    {
        if (Ctl is null) { Volatile.Write(ref value, v); return; }
        var t = Step(OpKind.Store);
        value = v;
        Trace(t, OpKind.Store, v);
    }

    public T? Exchange(T? v)
    {
        if (Ctl is null) return Interlocked.Exchange(ref value, v);
        var t = Step(OpKind.Exchange);
        var old = value;
        value = v;
        Trace(t, OpKind.Exchange, v);
        return old;
    }

    /// <summary>Returns the reference found; it swapped when that is <paramref name="expected"/>.</summary>
    public T? CompareExchange(T? expected, T? desired)
    {
        if (Ctl is null) return Interlocked.CompareExchange(ref value, desired, expected);
        var t = Step(OpKind.CompareExchange);
        var old = value;
        if (ReferenceEquals(old, expected)) value = desired;
        Trace(t, OpKind.CompareExchange, value);
        return old;
    }

    private void Trace(LogicalThread t, OpKind op, T? now)
    {
        if (Ctl!.IsTracing) Traced(t, op, $"= {now?.ToString() ?? "null"}");
    }
}
