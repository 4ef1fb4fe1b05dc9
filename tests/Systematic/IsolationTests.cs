using Torture.Systematic;
using Xunit;

namespace Torture.Tests.Systematic;

/// <summary>An abandoned iteration leaves nothing behind: the next ones run normally, on the same pooled threads.</summary>
public class IsolationTests
{
    /// <summary>T0's data choice decides its failure: 0 unlock not held, 1 throw in its first step, 2 exit holding a lock, 3 none.</summary>
    private static readonly TestProgram Program = new("fail-by-choice", p =>
    {
        var m = new Mutex("iso_lock");
        var x = new AtomicLong("x");
        p.Thread("T0", () =>
        {
            switch (Sched.Choose(4))
            {
                case 0: m.Unlock(); break;
                case 1: throw new InvalidOperationException("failed before its first operation");
                case 2: m.Lock(); break;
                default: x.Add(1); break;
            }
        });
        p.Thread("T1", () => { x.Add(1); x.Add(1); });
        p.AtEnd(() => Sched.Assert(x.Load() == 3 && !m.IsLocked, $"x is {x.Load()}, lock held: {m.IsLocked}", "clean-state"));
    });

    [Fact]
    public void IterationsAfterAbandonedOnesRunNormallyOnTheSamePooledThreads()
    {
        using var pool = new WorkerPool();
        var outcomes = new Dictionary<string, int>();
        long iterations = 0;
        for (int pass = 0; pass < 100; pass++)
        {
            IStrategy dfs = new DfsStrategy();
            for (long i = 0; dfs.InitIteration(i, 0); i++)
            {
                var run = Explorer.RunIteration(Program, dfs, pool, null, 10_000, TimeSpan.FromSeconds(10), trace: false);
                dfs.EndIteration(run.Decisions.Count(d => d.IsThread));
                var key = run.Bug?.Kind.ToString() ?? "clean";
                outcomes[key] = outcomes.GetValueOrDefault(key) + 1;
                iterations++;
            }
        }
        // Per pass, counted by hand: a thread's start is a scheduling point and its first block (choice
        // and first operation) is atomic, so T0's one block goes before, between or after T1's two adds
        // (3 places), and for each place every choice ends in one schedule: 0 unlock not held, 1 the throw,
        // 2 exit holding the lock, 3 clean (the end check sees x = 3 and the lock free). 3 x 4 = 12.
        Assert.Equal(1200, iterations);
        Assert.Equal(new Dictionary<string, int>
        {
            ["UnlockNotHeld"] = 300, ["UnhandledException"] = 300, ["ExitHoldingLock"] = 300, ["clean"] = 300,
        }, outcomes);
        Assert.InRange(pool.Created, 1, 2);
    }

    [Fact]
    public void SpawnedThreadsReuseThePool()
    {
        var program = new TestProgram("spawner", p =>
        {
            var x = new AtomicLong("x");
            p.Thread("parent", () => Sched.Spawn("child", () => x.Add(1)).Join());
            p.Thread("other", () => x.Add(1));
        });
        using var pool = new WorkerPool();
        var random = new RandomStrategy();
        for (int i = 0; i < 1000; i++)
        {
            random.InitIteration(i, Prng.IterationSeed(1, i));
            Assert.Null(Explorer.RunIteration(program, random, pool, null, 10_000, TimeSpan.FromSeconds(10), trace: false).Bug);
        }
        Assert.InRange(pool.Created, 1, 3);
    }

    [Fact]
    public void AWorkerIsEitherGivenUpOnOrBackHomeNeverBoth()
    {
        // The watchdog gives up on a stuck thread's worker just as the thread may come home: the pool
        // decides under one lock. A worker already home is not given up on, and works on.
        using var pool = new WorkerPool();
        var home = pool.Rent();
        home.Run(() => { });
        var spin = new System.Threading.SpinWait();
        while (pool.ReturnedCount == 0) spin.SpinOnce();
        Assert.False(pool.Detach(home));
        Assert.Same(home, pool.Rent());
        using var ran = new System.Threading.ManualResetEventSlim();
        home.Run(ran.Set);
        Assert.True(ran.Wait(10_000));

        // A worker given up on while still busy never comes home, so it is never rented again.
        using var release = new System.Threading.ManualResetEventSlim();
        var busy = pool.Rent();
        while (pool.ReturnedCount < 2) spin.SpinOnce();
        busy.Run(() => release.Wait());
        Assert.True(pool.Detach(busy));
        release.Set();
        var next = pool.Rent();
        Assert.NotSame(busy, next);
        Assert.Equal(2, pool.ReturnedCount);
    }
}
