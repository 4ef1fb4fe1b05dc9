namespace Torture.Systematic;

/// <summary>
/// Base of every Torture primitive: it binds to the runtime it is created under, controlled or
/// native, so the same model code runs under the scheduler or free on all cores.
/// </summary>
public abstract class Primitive : ISyncObject
{
    private protected readonly ControlledRuntime? Ctl;
    private protected readonly NativeRuntime? Nat;

    private protected Primitive(string name)
    {
        var rt = ExecutionRuntime.Current;
        Ctl = rt as ControlledRuntime;
        Nat = rt as NativeRuntime;
        Name = name;
    }

    /// <summary>The name reports print (a lock prints its class, then the instance if one was given).</summary>
    public string Name { get; }

    private protected static string Named(string className, string? instance) =>
        instance is null ? className : $"{className}[{instance}]";

    bool ISyncObject.IsEnabled(LogicalThread t, OpKind op) => IsEnabled(t, op);
    void ISyncObject.AddBlockers(LogicalThread t, OpKind op, List<LogicalThread> into) => AddBlockers(t, op, into);

    private protected virtual bool IsEnabled(LogicalThread t, OpKind op) => true;
    private protected virtual void AddBlockers(LogicalThread t, OpKind op, List<LogicalThread> into) { }

    /// <summary>Scheduling point, then trace the operation once it has happened.</summary>
    private protected LogicalThread Step(OpKind op)
    {
        var c = Ctl!;
        c.Point(op, this);
        var t = c.Running!;
        // A release (or a fully ordered operation) publishes the thread's earlier stores with it.
        if (c.Weak is { } w && StoreBuffers.Orders(op)) w.Flush(t);
        return t;
    }

    private protected void Traced(LogicalThread t, OpKind op, string? detail = null) => Ctl!.Record(t, op, this, detail);

    /// <summary>might_sleep() for an operation of this primitive; the common case (no non_block section) reads one field.</summary>
    private protected void MightSleep(string what)
    {
        int depth = Ctl is { } c ? c.Running?.NonBlock.Depth ?? 0 : ExecutionRuntime.Current.NonBlock.Depth;
        if (depth > 0) Sched.MightSleep(what, Name);
    }

    private protected void NotHeld(string what) =>
        ExecutionRuntime.Current.Fail(BugKind.UnlockNotHeld, "unlock-not-held", $"{ExecutionRuntime.Current.CurrentThreadName} {what} {Name}, which it does not hold");
}
