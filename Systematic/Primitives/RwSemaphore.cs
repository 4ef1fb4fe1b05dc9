namespace Torture.Systematic;

/// <summary>
/// A kernel rw_semaphore: many readers or one writer; a writer that had to wait blocks new
/// readers (so a recursive down_read behind a waiting writer deadlocks, as in the kernel). Without
/// <c>sleeps</c> it is a queued rwlock_t, which spins: the same fairness, no might_sleep.
/// </summary>
public sealed class RwSemaphore : Primitive, ILockObject, ILockable
{
    private readonly NativeRwSemaphore? native;
    private LogicalThread? writer;
    private readonly List<LogicalThread> readers = new(2);
    private readonly List<LogicalThread> waitingWriters = new(1);

    public RwSemaphore(string className, string? instance = null, bool sleeps = true) : base(Named(className, instance))
    {
        ClassName = className;
        Sleeps = sleeps;
        if (Ctl is null) native = new NativeRwSemaphore();
    }

    public string ClassName { get; }

    /// <summary>An rw_semaphore (taking it may sleep), not an rwlock_t.</summary>
    public bool Sleeps { get; }

    public void DownRead()
    {
        if (Sleeps) MightSleep("takes {0} (down_read)");
        if (Ctl is { } c)
        {
            if (c.LockDep?.Acquire(c.Running!, this, null, c.Steps, ClassName) is { } bug) c.FailWith(bug);
            var t = Step(OpKind.DownRead);
            if (!ReadFree) t = Step(OpKind.DownReadWait);
            readers.Add(t);
            t.Held.Add(new HeldLock(this, OpKind.DownRead, ClassName));
            Traced(t, OpKind.DownRead);
            return;
        }
        native!.DownRead();
    }

    public bool DownReadTrylock()
    {
        if (Ctl is not null)
        {
            var t = Step(OpKind.DownReadTrylock);
            bool ok = ReadFree;
            if (ok)
            {
                readers.Add(t);
                t.Held.Add(new HeldLock(this, OpKind.DownRead, ClassName));
            }
            Traced(t, OpKind.DownReadTrylock, ok ? "taken" : "busy");
            return ok;
        }
        return native!.TryDownRead();
    }

    public void UpRead()
    {
        if (Ctl is not null)
        {
            var t = Step(OpKind.UpRead);
            if (!readers.Remove(t) || !t.Release(this)) NotHeld("up_reads");
            Traced(t, OpKind.UpRead);
            return;
        }
        if (!native!.UpRead()) NotHeld("up_reads");
    }

    public void DownWrite() => DownWriteCore(null, 0);

    /// <summary>down_write_nested(): a second rwsem of the same class, ordered by lockdep as class/subclass.</summary>
    public void DownWriteNested(int subclass) => DownWriteCore(null, subclass);

    /// <summary>down_write_nest_lock: same-class nesting is legal while <paramref name="nest"/> is held (lockdep is told so).</summary>
    public void DownWriteNestLock(ILockable nest)
    {
        if (!nest.IsHeldByCurrent)
            ExecutionRuntime.Current.Fail(BugKind.AssertionFailure, "lockdep", $"down_write_nest_lock({Name}) without holding its nest lock {nest.Name}");
        DownWriteCore(nest.AsLockObject, 0);
    }

    private void DownWriteCore(ILockObject? nest, int subclass)
    {
        if (Sleeps) MightSleep("takes {0} (down_write)");
        if (Ctl is { } c)
        {
            var key = LockDep.Key(ClassName, subclass);
            if (c.LockDep?.Acquire(c.Running!, this, nest, c.Steps, key) is { } bug) c.FailWith(bug);
            var t = Step(OpKind.DownWrite);
            if (!WriteFree)
            {
                waitingWriters.Add(t);
                t = Step(OpKind.DownWriteWait);
                waitingWriters.Remove(t);
            }
            writer = t;
            t.Held.Add(new HeldLock(this, OpKind.DownWrite, key));
            Traced(t, OpKind.DownWrite);
            return;
        }
        native!.DownWrite();
    }

    public bool DownWriteTrylock()
    {
        if (Ctl is not null)
        {
            var t = Step(OpKind.DownWriteTrylock);
            bool ok = WriteFree;
            if (ok)
            {
                writer = t;
                t.Held.Add(new HeldLock(this, OpKind.DownWrite, ClassName));
            }
            Traced(t, OpKind.DownWriteTrylock, ok ? "taken" : "busy");
            return ok;
        }
        return native!.TryDownWrite();
    }

    public void UpWrite()
    {
        if (Ctl is not null)
        {
            var t = Step(OpKind.UpWrite);
            if (!ReferenceEquals(writer, t) || !t.Release(this)) NotHeld("up_writes");
            writer = null;
            Traced(t, OpKind.UpWrite);
            return;
        }
        if (!native!.UpWrite()) NotHeld("up_writes");
    }

    /// <summary>downgrade_write: the writer becomes a reader without letting another writer in.</summary>
    public void DowngradeWrite()
    {
        if (Ctl is not null)
        {
            var t = Step(OpKind.DowngradeWrite);
            if (!ReferenceEquals(writer, t)) NotHeld("downgrades");
            writer = null;
            readers.Add(t);
            Traced(t, OpKind.DowngradeWrite);
            return;
        }
        if (!native!.Downgrade()) NotHeld("downgrades");
    }

    public bool IsWriteHeldByCurrent => Ctl is { } c ? ReferenceEquals(writer, c.Running) : native!.WriteHeldByCurrent;

    public bool IsReadHeldByCurrent => Ctl is { } c ? readers.Contains(c.Running!) : native!.ReadHeldByCurrent;

    public bool IsHeldByCurrent => IsWriteHeldByCurrent || IsReadHeldByCurrent;

    public bool IsLocked => Ctl is not null ? writer is not null || readers.Count > 0 : native!.IsLocked;

    private bool ReadFree => writer is null && waitingWriters.Count == 0;
    private bool WriteFree => writer is null && readers.Count == 0;

    private protected override bool IsEnabled(LogicalThread t, OpKind op) => op switch
    {
        OpKind.DownReadWait => ReadFree,
        OpKind.DownWriteWait => WriteFree,
        _ => true,
    };

    private protected override void AddBlockers(LogicalThread t, OpKind op, List<LogicalThread> into)
    {
        if (writer is not null) into.Add(writer);
        if (op == OpKind.DownWriteWait) into.AddRange(readers.Where(r => !ReferenceEquals(r, t)));
        if (op == OpKind.DownReadWait) into.AddRange(waitingWriters);
    }

    ILockObject ILockable.AsLockObject => this;
}
