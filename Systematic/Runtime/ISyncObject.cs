namespace Torture.Systematic;

/// <summary>An object a logical thread can be parked on at a scheduling point.</summary>
internal interface ISyncObject
{
    /// <summary>Name of this instance as reports print it (for locks, the lock class name).</summary>
    string Name { get; }

    /// <summary>Whether <paramref name="t"/>, parked at <paramref name="op"/> on this object, may run now.</summary>
    bool IsEnabled(LogicalThread t, OpKind op);

    /// <summary>The threads <paramref name="t"/> waits for while it cannot run (for the wait-for graph of a deadlock report).</summary>
    void AddBlockers(LogicalThread t, OpKind op, List<LogicalThread> into);
}

/// <summary>A lock that lockdep orders by class and that a thread can hold.</summary>
internal interface ILockObject : ISyncObject
{
    string ClassName { get; }
}
