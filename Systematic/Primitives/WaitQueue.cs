namespace Torture.Systematic;

/// <summary>
/// A kernel wait queue: wait_event(wq, cond) sleeps until woken and the condition holds. The waiter
/// queues itself before testing the condition (prepare_to_wait), so a wake after the test is not
/// lost, but a missing wake_up is: the sleeper stays asleep, as in the kernel. As in
/// __wake_up_common(), wake_up wakes every non-exclusive sleeper and the first exclusive one;
/// wake_up_all wakes everyone.
/// </summary>
public sealed class WaitQueue : Primitive
{
    private readonly object? mon;
    private readonly List<(LogicalThread Thread, bool Exclusive)> sleepers = new(2);

    public WaitQueue(string name) : base(name)
    {
        if (Ctl is null) mon = new object();
    }

    /// <summary>wait_event: return once <paramref name="condition"/> holds. The condition should read model state, not block.</summary>
    public void WaitEvent(Func<bool> condition) => Wait(condition, exclusive: false);

    /// <summary>wait_event_exclusive: like <see cref="WaitEvent"/>, but a wake_up wakes only one such sleeper.</summary>
    public void WaitEventExclusive(Func<bool> condition) => Wait(condition, exclusive: true);

    private void Wait(Func<bool> condition, bool exclusive)
    {
        MightSleep("waits on {0} (wait_event)");
        if (Ctl is not null)
        {
            while (true)
            {
                var t = Step(OpKind.WaitEvent);
                t.Woken = false;
                // Exclusive sleepers queue at the tail, as prepare_to_wait_exclusive() does.
                if (exclusive) sleepers.Add((t, true));
                else sleepers.Insert(sleepers.FindIndex(s => s.Exclusive) is var at && at >= 0 ? at : sleepers.Count, (t, false));
                if (condition())
                {
                    sleepers.RemoveAll(s => ReferenceEquals(s.Thread, t));
                    Traced(t, OpKind.WaitEvent, "condition true");
                    return;
                }
                Traced(t, OpKind.WaitEvent, "sleeps");
                Step(OpKind.WaitSleep);
            }
        }
        lock (mon!)
        {
            while (!condition()) Monitor.Wait(mon);
        }
    }

    /// <summary>
    /// Someone is queued (rcuwait_wake_up() reads the waiter before waking it): a waker that finds
    /// nobody need not take the scheduling point of a wake-up. Natively sleepers are not tracked: true.
    /// </summary>
    public bool HasSleepers
    {
        get
        {
            if (Ctl is null) return true;
            Ctl.Touch(OpKind.Load, this);
            return sleepers.Count > 0;
        }
    }

    /// <summary>wake_up: wake every non-exclusive sleeper and the first exclusive one.</summary>
    public void WakeUp() => Wake(all: false);

    /// <summary>wake_up_all: wake every sleeper.</summary>
    public void WakeUpAll() => Wake(all: true);

    private void Wake(bool all)
    {
        if (Ctl is not null)
        {
            var op = all ? OpKind.WakeUpAll : OpKind.WakeUp;
            var t = Step(op);
            int woken = 0;
            bool exclusiveWoken = false;
            for (int i = 0; i < sleepers.Count;)
            {
                var (sleeper, exclusive) = sleepers[i];
                if (exclusive && exclusiveWoken && !all) { i++; continue; }
                exclusiveWoken |= exclusive;
                sleeper.Woken = true;
                sleepers.RemoveAt(i);
                woken++;
            }
            Traced(t, op, $"woke {woken}");
            return;
        }
        // Native sleepers re-test their condition, so waking all of them is always correct.
        lock (mon!)
        {
            Monitor.PulseAll(mon);
        }
    }

    private protected override bool IsEnabled(LogicalThread t, OpKind op) => op != OpKind.WaitSleep || t.Woken;
}
