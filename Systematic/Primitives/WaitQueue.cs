namespace Torture.Systematic;

/// <summary>
/// A kernel wait queue: wait_event(wq, cond) sleeps until woken and the condition holds. The waiter
/// queues itself before testing the condition (prepare_to_wait), so a wake after the test is not
/// lost, but a missing wake_up is: the sleeper stays asleep, as in the kernel.
/// </summary>
public sealed class WaitQueue : Primitive
{
    private readonly object? mon;
    private readonly List<LogicalThread> sleepers = new(2);

    public WaitQueue(string name) : base(name)
    {
        if (Ctl is null) mon = new object();
    }

    /// <summary>wait_event: return once <paramref name="condition"/> holds. The condition should read model state, not block.</summary>
    public void WaitEvent(Func<bool> condition)
    {
        if (Ctl is not null)
        {
            while (true)
            {
                var t = Step(OpKind.WaitEvent);
                t.Woken = false;
                sleepers.Add(t);
                if (condition())
                {
                    sleepers.Remove(t);
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

    /// <summary>wake_up: wake the oldest sleeper.</summary>
    public void WakeUp() => Wake(all: false);

    /// <summary>wake_up_all.</summary>
    public void WakeUpAll() => Wake(all: true);

    private void Wake(bool all)
    {
        if (Ctl is not null)
        {
            var t = Step(all ? OpKind.WakeUpAll : OpKind.WakeUp);
            int n = all ? sleepers.Count : Math.Min(1, sleepers.Count);
            for (int i = 0; i < n; i++) sleepers[i].Woken = true;
            sleepers.RemoveRange(0, n);
            Traced(t, all ? OpKind.WakeUpAll : OpKind.WakeUp, $"woke {n}");
            return;
        }
        lock (mon!)
        {
            Monitor.PulseAll(mon);
        }
    }

    private protected override bool IsEnabled(LogicalThread t, OpKind op) => op != OpKind.WaitSleep || t.Woken;
}
