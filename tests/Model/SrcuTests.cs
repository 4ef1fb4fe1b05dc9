using Torture.Model;
using Torture.Scenarios;
using Torture.Systematic;
using Xunit;
using Xunit.Abstractions;

namespace Torture.Tests.Model;

/// <summary>The model's SRCU: a grace period waits for the read sections that began before it.</summary>
public class SrcuTests(ITestOutputHelper output)
{
    private enum Reader { NotYet, Inside, Done }

    [Fact]
    public void SynchronizeWaitsForEveryReaderThatBeganBeforeIt()
    {
        var r = Solo.Exhaust("srcu-synchronize", (k, p) =>
        {
            var state = Reader.NotYet;
            p.Thread("reader", () =>
            {
                int id = k.Srcu.ReadLock();
                state = Reader.Inside;
                Sched.Yield();
                Sched.Yield();
                state = Reader.Done;
                k.Srcu.ReadUnlock(id);
            });
            p.Thread("updater", () =>
            {
                bool mustWait = state == Reader.Inside;
                k.Srcu.Synchronize();
                Sched.Assert(!mustWait || state == Reader.Done, "synchronize_srcu returned while a reader that began before it is still inside", "test");
            });
        }, maxSchedules: 10_000);
        output.WriteLine($"{r.Iterations} schedules");
    }

    [Fact]
    public void SynchronizeDoesNotWaitForReadersThatBeganAfterIt()
    {
        int returnedPastLateReader = 0;
        var r = Solo.Exhaust("srcu-later-reader", (k, p) =>
        {
            bool syncStarted = false, lateReaderInside = false;
            p.Thread("updater", () =>
            {
                syncStarted = true;
                k.Srcu.Synchronize();
                if (lateReaderInside) returnedPastLateReader++;
            });
            p.Thread("reader", () =>
            {
                int id = k.Srcu.ReadLock();
                bool late = syncStarted;
                if (late) lateReaderInside = true;
                Sched.Yield();
                Sched.Yield();
                lateReaderInside = false;
                k.Srcu.ReadUnlock(id);
            });
        }, maxSchedules: 10_000);
        output.WriteLine($"{r.Iterations} schedules; synchronize returned past a later reader in {returnedPastLateReader}");
        Assert.True(returnedPastLateReader > 0, "synchronize_srcu waited for a reader that began after it in every schedule");
    }

    [Fact]
    public void CallSrcuRunsTheCallbackOnlyAfterPreexistingReaders()
    {
        Solo.Exhaust("call-srcu", (k, p) =>
        {
            var state = Reader.NotYet;
            bool ran = false;
            p.Thread("reader", () =>
            {
                int id = k.Srcu.ReadLock();
                state = Reader.Inside;
                Sched.Yield();
                state = Reader.Done;
                k.Srcu.ReadUnlock(id);
            });
            p.Thread("putter", () =>
            {
                bool mustWait = state == Reader.Inside;
                k.Srcu.CallSrcu(() =>
                {
                    ran = true;
                    Sched.Assert(!mustWait || state == Reader.Done, "call_srcu callback ran inside a pre-existing read section", "test");
                });
            });
            p.AtEnd(() => Sched.Assert(ran, "the callback ran once the readers were gone", "test"));
        }, maxSchedules: 10_000);
    }

    [Fact]
    public void SynchronizeInsideOwnReadSectionDeadlocks()
    {
        var r = Solo.Explore("srcu-self", (k, p) =>
        {
            p.Thread("reader", () =>
            {
                k.Srcu.ReadLock();
                k.Srcu.Synchronize();
            });
        }, new ExplorationOptions { Strategy = "dfs", Iterations = 10 });
        Assert.Equal("deadlock", r.Found?.Bug.Check);
    }
}
