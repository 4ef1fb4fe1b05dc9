using Torture.Systematic;
using Xunit;

namespace Torture.Tests.Systematic;

/// <summary>wait_event / wake_up: a wake-up after the condition check is not lost, a missing one is a deadlock.</summary>
public class WaitQueueTests
{
    private static TestProgram Handoff(int waiters, Action<WaitQueue>? wake, bool exclusive = false) => new($"handoff-{waiters}-{wake is not null}-{exclusive}", p =>
    {
        var wq = new WaitQueue("done_wq");
        bool done = false;
        for (int t = 0; t < waiters; t++)
            p.Thread($"waiter{t}", () => { if (exclusive) wq.WaitEventExclusive(() => done); else wq.WaitEvent(() => done); });
        p.Thread("waker", () =>
        {
            Sched.Yield();
            done = true;
            wake?.Invoke(wq);
        });
    });

    [Fact]
    public void MissingWakeUpIsADeadlock()
    {
        var bug = Run.Find(Handoff(1, wake: null), "dfs").Bug;
        Assert.Equal(BugKind.Deadlock, bug.Kind);
        Assert.Contains("a wait nobody will wake", bug.Message);
        Assert.Contains("waiter0 at WaitSleep done_wq", bug.Message);
    }

    [Fact]
    public void WakeUpIsNeverLost()
    {
        Run.Exhaust(Handoff(1, wq => wq.WakeUp()));
    }

    [Fact]
    public void WakeUpWakesEveryNonExclusiveSleeper()
    {
        // wait_event() sleepers are non-exclusive: the kernel's wake_up() wakes them all.
        Run.Exhaust(Handoff(2, wq => wq.WakeUp()));
    }

    [Fact]
    public void WakeUpWakesOnlyOneOfTwoExclusiveSleepers()
    {
        Assert.Equal(BugKind.Deadlock, Run.Find(Handoff(2, wq => wq.WakeUp(), exclusive: true), "dfs").Bug.Kind);
        Run.Exhaust(Handoff(2, wq => wq.WakeUpAll(), exclusive: true));
    }
}
