namespace Torture.Systematic;

internal enum ThreadState : byte { Alive, Completed }

/// <summary>One logical thread of a controlled iteration, bound to a pooled OS thread.</summary>
internal sealed class LogicalThread : ISyncObject
{
    public readonly int Id;
    public readonly string ThreadName;
    public readonly Action Body;
    public readonly List<HeldLock> Held = new(4);

    public ThreadState State;
    public OpKind PendingOp;
    public ISyncObject? PendingObj;
    /// <summary>Not yet past its first operation: the start decision already covered it.</summary>
    public bool AtFirstOp;
    /// <summary>A wait-queue wake has been delivered.</summary>
    public bool Woken;
    /// <summary>The thread was alive when its iteration was abandoned, so its worker must report when it unwinds.</summary>
    public bool CountedForUnwind;
    /// <summary>Its worker is out of the body (returned, or unwound after abandonment).</summary>
    public volatile bool Unwound;
    public Worker? Worker;
    public readonly NonBlockState NonBlock = new();

    public LogicalThread(int id, string name, Action body)
    {
        Id = id;
        ThreadName = name;
        Body = body;
    }

    public Baton Gate => Worker!.Gate;

    public bool Enabled => State == ThreadState.Alive && (PendingObj is null || PendingObj.IsEnabled(this, PendingOp));

    public bool Holds(ILockObject l)
    {
        foreach (var h in Held) if (ReferenceEquals(h.Lock, l)) return true;
        return false;
    }

    public bool Release(ILockObject l)
    {
        for (int i = Held.Count - 1; i >= 0; i--)
        {
            if (ReferenceEquals(Held[i].Lock, l)) { Held.RemoveAt(i); return true; }
        }
        return false;
    }

    // Joining a thread parks on the thread itself.
    string ISyncObject.Name => ThreadName;
    bool ISyncObject.IsEnabled(LogicalThread t, OpKind op) => State == ThreadState.Completed;
    void ISyncObject.AddBlockers(LogicalThread t, OpKind op, List<LogicalThread> into) => into.Add(this);

    public override string ToString() => ThreadName;
}

/// <summary>A lock a thread holds, with the lockdep key it was taken as (its class, or class/subclass).</summary>
internal readonly record struct HeldLock(ILockObject Lock, OpKind How, string Key);
