using Torture.Systematic;
using Xunit;

namespace Torture.Tests.Systematic;

/// <summary>A state where no thread can run is reported as a deadlock with its wait-for cycle.</summary>
public class DeadlockTests
{
    [Theory]
    [InlineData("dfs")]
    [InlineData("random")]
    [InlineData("pct")]
    public void AbBaDeadlockIsReportedWithItsCycle(string strategy)
    {
        var found = Run.Find(Programs.AbBa(), strategy, lockOrder: false);
        var bug = found.Bug;
        Assert.Equal(BugKind.Deadlock, bug.Kind);
        Assert.Equal("deadlock", bug.Check);
        Assert.Contains("wait-for cycle", bug.Message);
        Assert.Contains($"{Programs.Left} waits for {Programs.LockB} (Lock) held by {Programs.Right}", bug.Message);
        Assert.Contains($"{Programs.Right} waits for {Programs.LockA} (Lock) held by {Programs.Left}", bug.Message);
    }

    [Fact]
    public void BarrierAbBaDeadlocksInTheFirstSchedule()
    {
        var r = Run.Explore(Programs.AbBa(barrier: true), "dfs", lockOrder: false);
        Assert.Equal(1, r.Iterations);
        Assert.Equal(BugKind.Deadlock, r.Found!.Bug.Kind);
    }

    [Fact]
    public void SerializedAbBaNeverDeadlocks()
    {
        Run.Exhaust(Programs.AbBa(serialized: true), lockOrder: false);
    }

    [Fact]
    public void RelockingAnOwnedMutexIsASelfDeadlock()
    {
        var program = new TestProgram("relock", p =>
        {
            var m = new Mutex("self_lock");
            p.Thread("T0", () => { m.Lock(); m.Lock(); });
        });
        var bug = Run.Find(program, "dfs", lockOrder: false).Bug;
        Assert.Equal(BugKind.Deadlock, bug.Kind);
        Assert.Contains("T0 waits for self_lock (Lock) held by T0", bug.Message);
    }

    [Fact]
    public void JoiningAChildThatNeverEndsIsReported()
    {
        var stuck = new TestProgram("join-stuck", p =>
        {
            p.Thread("parent", () =>
            {
                var never = new Semaphore("never", 0);
                Sched.Spawn("child", never.Down).Join();
            });
        });
        var bug = Run.Find(stuck, "dfs").Bug;
        Assert.Equal(BugKind.Deadlock, bug.Kind);
        Assert.Contains("parent at Join child", bug.Message);
        Assert.Contains("child at SemDown never", bug.Message);
    }
}
