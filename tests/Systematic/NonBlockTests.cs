using Torture.Systematic;
using Xunit;

namespace Torture.Tests.Systematic;

/// <summary>
/// non_block_start/end and might_sleep: anything that may sleep inside a section is reported as its
/// own bug kind from a single occurrence, and nothing that cannot sleep is.
/// </summary>
public class NonBlockTests
{
    private static TestProgram Section(string name, Action<Mutex, Mutex, RwSemaphore> inside) => new(name, p =>
    {
        var mutex = new Mutex("driver_mutex", sleeps: true);
        var spin = new Mutex("driver_spinlock");
        var rwsem = new RwSemaphore("driver_rwsem");
        p.Thread("reaper", () =>
        {
            Sched.NonBlockStart("a non-blockable callback");
            inside(mutex, spin, rwsem);
            Sched.NonBlockEnd();
        });
    });

    public static TheoryData<string> Sleepers() => new() { "mutex_lock", "down_read", "down_write", "wait_event" };

    [Theory]
    [MemberData(nameof(Sleepers))]
    public void WhatMaySleepIsReportedInsideASectionAlthoughNothingWaits(string op)
    {
        var program = Section(op, (mutex, _, rwsem) =>
        {
            switch (op)
            {
                case "mutex_lock": mutex.Lock(); mutex.Unlock(); break;
                case "down_read": rwsem.DownRead(); rwsem.UpRead(); break;
                case "down_write": rwsem.DownWrite(); rwsem.UpWrite(); break;
                default: new WaitQueue("wq").WaitEvent(() => true); break;
            }
        });
        var bug = Run.Find(program, "dfs").Bug;
        Assert.Equal(BugKind.SleepInAtomic, bug.Kind);
        Assert.Equal("might_sleep", bug.Check);
        Assert.Contains($"({op})", bug.Message);
        Assert.Contains("inside non_block_start() (a non-blockable callback)", bug.Message);
    }

    [Fact]
    public void SpinlocksAndTrylocksDoNotSleep()
    {
        Run.Exhaust(Section("atomic-safe", (mutex, spin, rwsem) =>
        {
            spin.Lock();
            spin.Unlock();
            if (mutex.TryLock()) mutex.Unlock();
            if (rwsem.DownReadTrylock()) rwsem.UpRead();
        }));
    }

    [Fact]
    public void SectionsNestAndEndWhereTheyBegan()
    {
        var program = new TestProgram("nested", p =>
        {
            var mutex = new Mutex("driver_mutex", sleeps: true);
            p.Thread("t", () =>
            {
                Sched.NonBlockStart("outer");
                Sched.NonBlockStart("inner");
                Sched.NonBlockEnd();
                Sched.MightSleep("still inside the outer section");
                Sched.NonBlockEnd();
            });
            p.Thread("u", () =>
            {
                mutex.Lock();   // another thread's section is not this one's
                mutex.Unlock();
            });
        });
        var bug = Run.Find(program, "dfs").Bug;
        Assert.Equal(BugKind.SleepInAtomic, bug.Kind);
        Assert.Equal("t", bug.Thread);
        Assert.Contains("(outer)", bug.Message);
        Run.Exhaust(new TestProgram("balanced", p => p.Thread("t", () =>
        {
            Sched.NonBlockStart("s");
            Sched.NonBlockEnd();
            Sched.MightSleep("after the section");
        })));
    }

    [Fact]
    public void AnEndWithoutAStartIsReported()
    {
        var bug = Run.Find(new TestProgram("unbalanced", p => p.Thread("t", Sched.NonBlockEnd)), "dfs").Bug;
        Assert.Equal("might_sleep", bug.Check);
        Assert.Contains("outside any non_block section", bug.Message);
    }
}
