namespace Torture.Systematic;

/// <summary>A kernel spinlock, or with <c>sleeps</c> a mutex: not reentrant, released only by its owner.</summary>
public sealed class Mutex : Primitive, ILockObject, ILockable
{
    private readonly System.Threading.Lock? native;
    private LogicalThread? owner;
    private int nativeOwner;

    /// <param name="sleeps">A struct mutex: taking it may sleep (might_sleep), unlike a spinlock.</param>
    public Mutex(string className, string? instance = null, bool sleeps = false) : base(Named(className, instance))
    {
        ClassName = className;
        Sleeps = sleeps;
        if (Ctl is null) native = new System.Threading.Lock();
    }

    public string ClassName { get; }

    public bool Sleeps { get; }

    public void Lock() => LockCore(0);

    /// <summary>spin_lock_nested(): a second lock of the same class, ordered by lockdep as class/subclass.</summary>
    public void LockNested(int subclass) => LockCore(subclass);

    private void LockCore(int subclass)
    {
        if (Sleeps) MightSleep("takes {0} (mutex_lock)");
        if (Ctl is { } c)
        {
            var key = LockDep.Key(ClassName, subclass);
            if (c.LockDep?.Acquire(c.Running!, this, null, c.Steps, key) is { } bug) c.FailWith(bug);
            var t = Step(OpKind.Lock);
            owner = t;
            t.Held.Add(new HeldLock(this, OpKind.Lock, key));
            Traced(t, OpKind.Lock);
            return;
        }
        native!.Enter();
        nativeOwner = Environment.CurrentManagedThreadId;
    }

    public bool TryLock()
    {
        if (Ctl is not null)
        {
            var t = Step(OpKind.TryLock);
            bool ok = owner is null;
            if (ok)
            {
                owner = t;
                t.Held.Add(new HeldLock(this, OpKind.TryLock, ClassName));
            }
            Traced(t, OpKind.TryLock, ok ? "taken" : "busy");
            return ok;
        }
        if (!native!.TryEnter()) return false;
        nativeOwner = Environment.CurrentManagedThreadId;
        return true;
    }

    public void Unlock()
    {
        if (Ctl is not null)
        {
            var t = Step(OpKind.Unlock);
            if (!ReferenceEquals(owner, t) || !t.Release(this)) NotHeld("unlocks");
            owner = null;
            Traced(t, OpKind.Unlock);
            return;
        }
        if (nativeOwner != Environment.CurrentManagedThreadId) NotHeld("unlocks");
        nativeOwner = 0;
        native!.Exit();
    }

    /// <summary>Whether the running thread holds this lock (lockdep_assert_held).</summary>
    public bool IsHeldByCurrent => Ctl is { } c ? ReferenceEquals(owner, c.Running) : nativeOwner == Environment.CurrentManagedThreadId;

    public bool IsLocked => Ctl is not null ? owner is not null : nativeOwner != 0;

    private protected override bool IsEnabled(LogicalThread t, OpKind op) => op != OpKind.Lock || owner is null;

    private protected override void AddBlockers(LogicalThread t, OpKind op, List<LogicalThread> into)
    {
        if (owner is not null) into.Add(owner);
    }

    ILockObject ILockable.AsLockObject => this;
}
