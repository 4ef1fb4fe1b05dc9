using Torture.Systematic;
using Xunit;

namespace Torture.Tests.Systematic;

/// <summary>The same programs free on real threads (stress mode): correct code stays correct, failures and hangs are reported.</summary>
public class NativeTests
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(1.5);

    [Fact]
    public void CasCounterStaysCorrect()
    {
        var r = NativeRunner.Run(Programs.CasCounter(threads: 4, increments: 2000), iterations: 200, hangTimeout: TimeSpan.FromSeconds(30));
        Assert.Null(r.Bug);
        Assert.Equal(200, r.Iterations);
    }

    [Fact]
    public void AlwaysFailingAssertionIsReported()
    {
        var r = NativeRunner.Run(Programs.AlwaysFails(), iterations: 50, hangTimeout: TimeSpan.FromSeconds(30));
        Assert.NotNull(r.Bug);
        Assert.Equal((BugKind.AssertionFailure, "always", "T1", "this always fails"), (r.Bug!.Kind, r.Bug.Check, r.Bug.Thread, r.Bug.Message));
        Assert.Equal(1, r.Iterations);
    }

    [Fact]
    public void AbBaWithABarrierHangsAndIsReported()
    {
        var r = NativeRunner.Run(Programs.AbBa(barrier: true), iterations: 5, hangTimeout: Hang);
        Assert.NotNull(r.Bug);
        Assert.Equal((BugKind.Deadlock, "native-hang"), (r.Bug!.Kind, r.Bug.Check));
        Assert.Equal(1, r.Iterations);
    }

    [Fact]
    public void SerializedAbBaFinishesNatively()
    {
        var r = NativeRunner.Run(Programs.AbBa(serialized: true), iterations: 500, hangTimeout: TimeSpan.FromSeconds(30));
        Assert.Null(r.Bug);
    }

    [Fact]
    public void UnhandledExceptionIsReported()
    {
        var program = new TestProgram("native-throw", p =>
        {
            p.Thread("T0", () => throw new InvalidOperationException("native boom"));
        });
        var bug = NativeRunner.Run(program, iterations: 3, hangTimeout: TimeSpan.FromSeconds(30)).Bug;
        Assert.Equal(BugKind.UnhandledException, bug?.Kind);
        Assert.Contains("InvalidOperationException: native boom", bug!.Message);
    }

    [Fact]
    public void UnlockNotHeldIsReported()
    {
        var program = new TestProgram("native-unlock", p =>
        {
            var m = new Mutex("gamma_lock");
            p.Thread("T0", m.Unlock);
        });
        Assert.Equal(BugKind.UnlockNotHeld, NativeRunner.Run(program, iterations: 3, hangTimeout: TimeSpan.FromSeconds(30)).Bug?.Kind);
    }

    [Fact]
    public void PrimitivesWorkOnRealThreads()
    {
        // An rwsem-protected pair, a wait queue hand-off, a completion and a spawned, joined child.
        var program = new TestProgram("native-primitives", p =>
        {
            var sem = new RwSemaphore("pair_sem");
            var wq = new WaitQueue("ready_wq");
            var done = new Semaphore("done", 0);
            var first = new AtomicLong("first");
            var second = new AtomicLong("second");
            var ready = new AtomicLong("ready");
            p.Thread("writer", () =>
            {
                for (int i = 0; i < 200; i++)
                {
                    sem.DownWrite();
                    first.Add(1);
                    second.Add(1);
                    if (i == 100) { sem.DowngradeWrite(); sem.UpRead(); } else sem.UpWrite();
                }
                ready.Store(1);
                wq.WakeUpAll();
            });
            p.Thread("reader", () =>
            {
                for (int i = 0; i < 200; i++)
                {
                    sem.DownRead();
                    Sched.Assert(first.Load() == second.Load(), "torn pair under the read lock", "pair");
                    sem.UpRead();
                }
                wq.WaitEvent(() => ready.Load() == 1);
                var child = Sched.Spawn("child", done.Up);
                done.Down();
                child.Join();
            });
            p.AtEnd(() => Sched.Assert(first.Load() == 200 && second.Load() == 200, "lost writes", "pair"));
        });
        var r = NativeRunner.Run(program, iterations: 100, hangTimeout: TimeSpan.FromSeconds(30));
        Assert.Null(r.Bug);
        Assert.Equal(100, r.Iterations);
    }
}
