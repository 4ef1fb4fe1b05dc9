using Torture.Systematic;
using Xunit;

namespace Torture.Tests.Systematic;

/// <summary>Hot/cold liveness monitors: a wait that can never end is reported with its cycle, a bounded one is not.</summary>
public class LivenessTests
{
    /// <summary>
    /// A fault retries while an invalidation is in progress (KVM's mmu_invalidate_retry); the
    /// invalidation ends after <paramref name="invalidationSteps"/> steps, or never (a start without its end, B13).
    /// </summary>
    private static TestProgram RetryingFault(int? invalidationSteps) => new($"retrying-fault-{invalidationSteps?.ToString() ?? "forever"}", p =>
    {
        var mmuLock = new Mutex("mmu_lock");
        bool inProgress = false;
        bool started = false;
        p.Thread("invalidate", () =>
        {
            mmuLock.Lock();
            inProgress = true;
            started = true;
            mmuLock.Unlock();
            if (invalidationSteps is not { } n) return;   // the end is never called
            for (int i = 0; i < n; i++) Sched.Yield("invalidating");
            mmuLock.Lock();
            inProgress = false;
            mmuLock.Unlock();
        });
        p.Thread("fault", () =>
        {
            while (true)
            {
                mmuLock.Lock();
                bool retry = inProgress || !started;
                mmuLock.Unlock();
                if (!retry) break;
                Sched.Hot("fault", "the vCPU's fault retries while an invalidation is in progress");
                Sched.Yield("retry the fault");
            }
            Sched.Cold("fault");
        });
    });

    [Fact]
    public void AFaultRetryingForeverIsALivenessBugWithItsCycleNotAMaxStepsReport()
    {
        var found = Run.Find(RetryingFault(null), "random", iterations: 10, maxSteps: 10_000);
        Assert.Equal(BugKind.LivenessViolation, found.Bug.Kind);
        Assert.Equal("fault", found.Bug.Check);
        Assert.False(found.Bug.IsLiveness);   // not "possible livelock": the monitor proves it
        Assert.Contains("monitor 'fault' stayed hot for 2000 steps (the vCPU's fault retries while an invalidation is in progress", found.Bug.Message);
        Assert.Contains("scheduled round robin: invalidate ended, fault ran", found.Bug.Message);
        Assert.True(found.Reproduced);
    }

    [Fact]
    public void ABoundedRetryStaysQuiet()
    {
        foreach (var strategy in new[] { "random", "pct", "pos" })
        {
            var r = Run.Explore(RetryingFault(50), strategy, iterations: 300, seed: 1);
            Assert.False(r.BugFound, r.Found?.Bug.ToString());
        }
    }

    [Fact]
    public void AMonitorStillHotWhenEveryThreadHasEndedIsReported()
    {
        var found = Run.Find(new TestProgram("hot-at-exit", p => p.Thread("t", () => Sched.Hot("reply", "waits for a reply nobody sends"))), "random");
        Assert.Equal(BugKind.LivenessViolation, found.Bug.Kind);
        Assert.Contains("still hot when every thread has ended", found.Bug.Message);
    }

    [Fact]
    public void TheFairSuffixLetsAStarvedThreadCoolTheMonitor()
    {
        // "fault" spins hot until "helper" runs once; a strategy that keeps running the spinner
        // would starve it, and the round-robin suffix must not.
        var program = new TestProgram("starved-helper", p =>
        {
            var done = new AtomicInt("done");
            p.Thread("fault", () =>
            {
                while (done.Load() == 0) Sched.Hot("fault", "waits for the helper");
                Sched.Cold("fault");
            });
            p.Thread("helper", () => done.Store(1));
        });
        var r = Explorer.Explore(program, Run.Options("stay", 1), strategy: new StayOnFirst());
        Assert.False(r.BugFound, r.Found?.Bug.ToString());
    }

    /// <summary>Always the lowest enabled thread: starves every other while the first can run.</summary>
    private sealed class StayOnFirst : IStrategy
    {
        public string Name => "stay";
        public bool InitIteration(long iteration, ulong seed) => iteration == 0;
        public int NextThread(ulong enabled, int current) => System.Numerics.BitOperations.TrailingZeroCount(enabled);
        public int NextInt(int n) => 0;
    }
}
