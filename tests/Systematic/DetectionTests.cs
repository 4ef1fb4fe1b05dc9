using System.Runtime.CompilerServices;
using Torture.Systematic;
using Xunit;

namespace Torture.Tests.Systematic;

/// <summary>Every kind of failure the scheduler reports, each from a program that commits it.</summary>
public class DetectionTests
{
    private static Bug Bug(Action<ProgramBuilder> build, string strategy = "dfs", long maxSteps = 10_000, bool lockOrder = true) =>
        Run.Find(new TestProgram("detect", build), strategy, maxSteps: maxSteps, lockOrder: lockOrder).Bug;

    [Fact]
    public void UnlockOfALockNotHeld()
    {
        var bug = Bug(p =>
        {
            var m = new Mutex("gamma_lock");
            p.Thread("T0", () => m.Unlock());
        });
        Assert.Equal((BugKind.UnlockNotHeld, "unlock-not-held", "T0"), (bug.Kind, bug.Check, bug.Thread));
        Assert.Contains("T0 unlocks gamma_lock, which it does not hold", bug.Message);
    }

    [Fact]
    public void UnlockOfAnotherThreadsLock()
    {
        var bug = Bug(p =>
        {
            var m = new Mutex("gamma_lock");
            var held = new Semaphore("held", 0);
            p.Thread("owner", () => { m.Lock(); held.Up(); Sched.Yield(); m.Unlock(); });
            p.Thread("thief", () => { held.Down(); m.Unlock(); });
        });
        Assert.Equal((BugKind.UnlockNotHeld, "thief"), (bug.Kind, bug.Thread));
    }

    [Theory]
    [InlineData("up_read")]
    [InlineData("up_write")]
    [InlineData("downgrade")]
    public void RwSemaphoreReleasesNotHeld(string how)
    {
        var bug = Bug(p =>
        {
            var sem = new RwSemaphore("delta_rwsem");
            p.Thread("T0", () =>
            {
                if (how == "up_read") sem.UpRead();
                else if (how == "up_write") { sem.DownRead(); sem.UpWrite(); }
                else sem.DowngradeWrite();
            });
        });
        Assert.Equal(BugKind.UnlockNotHeld, bug.Kind);
        Assert.Contains("delta_rwsem", bug.Message);
    }

    [Fact]
    public void ThreadEndingWhileHoldingALock()
    {
        var bug = Bug(p =>
        {
            var m = new Mutex("gamma_lock");
            var sem = new RwSemaphore("delta_rwsem");
            p.Thread("T0", () => { sem.DownRead(); m.Lock(); });
            p.Thread("T1", () => Sched.Yield());
        });
        Assert.Equal((BugKind.ExitHoldingLock, "lock-held-at-exit", "T0"), (bug.Kind, bug.Check, bug.Thread));
        Assert.Contains("T0 ended holding delta_rwsem, gamma_lock", bug.Message);
    }

    [Fact]
    public void SetUpEndingWhileHoldingALock()
    {
        var bug = Bug(p => new Mutex("gamma_lock").Lock());
        Assert.Equal(BugKind.ExitHoldingLock, bug.Kind);
        Assert.Contains("set-up ended holding gamma_lock", bug.Message);
    }

    [Fact]
    public void SpinLoopExceedsMaxSteps()
    {
        var bug = Bug(p =>
        {
            var flag = new AtomicLong("flag");
            p.Thread("spinner", () => { while (flag.Load() == 0) { } });
            p.Thread("forgetful", () => Sched.Yield());   // never sets the flag
        }, strategy: "random", maxSteps: 500);
        Assert.Equal((BugKind.MaxStepsExceeded, "max-steps"), (bug.Kind, bug.Check));
        Assert.True(bug.IsLiveness);
        Assert.Equal(501, bug.Step);
    }

    [Fact]
    public void SafetyBugsAreNotLiveness()
    {
        var bug = Run.Find(Programs.LostUpdate(), "dfs").Bug;
        Assert.False(bug.IsLiveness);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowFromTheModel(long v) => throw new InvalidOperationException($"model broke at {v}");

    [Fact]
    public void UnhandledExceptionWithItsStack()
    {
        var bug = Bug(p =>
        {
            var x = new AtomicLong("x");
            p.Thread("T0", () => ThrowFromTheModel(x.Add(1)));
            p.Thread("T1", () => x.Add(1));
        });
        Assert.Equal((BugKind.UnhandledException, "T0"), (bug.Kind, bug.Thread));
        Assert.StartsWith("InvalidOperationException: model broke at 1\n", bug.Message);
        Assert.Contains($"at {typeof(DetectionTests).FullName}.{nameof(ThrowFromTheModel)}", bug.Message);
    }

    [Fact]
    public void UnhandledExceptionInSetUpAndEndCheck()
    {
        var setup = Bug(p => ThrowFromTheModel(0));
        Assert.Contains("in the set-up: InvalidOperationException: model broke at 0", setup.Message);
        var end = Bug(p => { p.Thread("T0", Sched.Yield); p.AtEnd(() => ThrowFromTheModel(7)); });
        Assert.Contains("in the end check: InvalidOperationException: model broke at 7", end.Message);
    }

    [Fact]
    public void StepCheckSeesATransientState()
    {
        var bug = Bug(p =>
        {
            var x = new AtomicLong("x");
            p.Thread("T0", () => { x.Store(1); x.Store(0); });
            p.Thread("T1", () => Sched.Yield());
            p.AtEachStep(() => Sched.Assert(x.Load() == 0, "x is 1 between two operations", "x-zero"));
        });
        Assert.Equal((BugKind.AssertionFailure, "x-zero"), (bug.Kind, bug.Check));
    }

    [Fact]
    public void AssertionNamesItsCheckAndThread()
    {
        var bug = Run.Find(Programs.AlwaysFails(), "random").Bug;
        Assert.Equal((BugKind.AssertionFailure, "always", "T1", "this always fails"), (bug.Kind, bug.Check, bug.Thread, bug.Message));
    }

    [Fact]
    public void SpawnInTheSetUpIsAnError()
    {
        var bug = Bug(p => Sched.Spawn("early", () => { }));
        Assert.Equal(BugKind.UnhandledException, bug.Kind);
        Assert.Contains("ProgramBuilder.Thread", bug.Message);
    }
}
