namespace Torture.Systematic;

/// <summary>
/// include/linux/lockdep.h: a lockdep map with no lock behind it (lock_map_acquire/release, the
/// fs_reclaim and mmu_notifier_invalidate_range_start maps). It only orders classes: a lock taken
/// while it is held, and it taken while a lock is held, close cycles as a real lock would, so an
/// inversion is reported from a single occurrence of each order. It never blocks and is never a
/// scheduling point, so a program's schedules are the same with it as without.
/// </summary>
public sealed class LockdepMap : ILockObject
{
    private readonly ControlledRuntime? ctl = ExecutionRuntime.Current as ControlledRuntime;

    public LockdepMap(string name) => Name = ClassName = name;

    public string Name { get; }
    public string ClassName { get; }

    /// <summary>lock_map_acquire().</summary>
    public void Acquire()
    {
        if (ctl is not { } c) return;
        var t = c.Running!;
        if (c.LockDep?.Acquire(t, this, null, c.Steps, ClassName) is { } bug) c.FailWith(bug);
        t.Held.Add(new HeldLock(this, OpKind.Lock, ClassName));
    }

    /// <summary>lock_map_release().</summary>
    public void Release()
    {
        if (ctl is not { } c) return;
        if (!c.Running!.Release(this))
            c.FailNow(BugKind.UnlockNotHeld, "unlock-not-held", $"{c.Running.ThreadName} releases lockdep map {Name}, which it does not hold");
    }

    /// <summary>Acquire and release at once: teaches lockdep "this may be taken here" (the fs_reclaim priming idiom).</summary>
    public void Touch()
    {
        Acquire();
        Release();
    }

    bool ISyncObject.IsEnabled(LogicalThread t, OpKind op) => true;
    void ISyncObject.AddBlockers(LogicalThread t, OpKind op, List<LogicalThread> into) { }
}
