using Torture.Systematic;
using Xunit;

namespace Torture.Tests.Systematic;

/// <summary>Programs that misbehave (nondeterminism, slow checks, primitives read in notes) must not break the explorer.</summary>
public class RobustnessTests
{
    [Fact]
    public void ABugThatDoesNotReplayIsKeptAndMarkedNotReproduced()
    {
        int runs = 0;
        var program = new TestProgram("flaky", p =>
        {
            var x = new AtomicLong("x");
            bool first = ++runs == 1;   // state outside Torture's primitives: only the first run fails
            p.Thread("T0", () => { x.Add(1); Sched.Assert(!first, "first run fails", "flaky"); x.Add(1); });
            p.Thread("T1", () => { for (int i = 0; i < 5; i++) x.Add(1); });
        });
        var r = Explorer.Explore(program, new ExplorationOptions { Strategy = "dfs", Iterations = 10 });
        Assert.Equal("flaky", r.Found?.Bug.Check);
        Assert.False(r.Found!.Reproduced);
    }

    [Fact]
    public void PrimitivesReadInANoteDoNotChangeTheSchedule()
    {
        var program = new TestProgram("note-reads", p =>
        {
            var x = new AtomicLong("x");
            p.Thread("T0", () => { x.Add(1); Sched.Note($"x is {x.Load()}"); x.Add(1); Sched.Assert(false, "boom", "always"); });
            p.Thread("T1", () => { x.Add(1); x.Add(1); });
        });
        for (ulong seed = 1; seed <= 20; seed++)
        {
            var r = Explorer.Explore(program, new ExplorationOptions { Strategy = "random", Iterations = 10, Seed = seed });
            Assert.True(r.Found!.Reproduced, $"seed {seed}: the traced replay took another schedule");
            Assert.Contains("x is ", r.Found.TraceText);
            Assert.DoesNotContain(r.Found.Trace, e => e.Op == OpKind.Load);
        }
    }

    [Fact]
    public void DfsRefusesAProgramThatDoesNotRepeatItself()
    {
        int runs = 0;
        var program = new TestProgram("dfs-nondeterministic", p =>
        {
            var x = new AtomicLong("x");
            int n = Math.Max(1, 4 - ++runs);   // each run, T1 does fewer operations: a prefix stops short
            p.Thread("T0", () => { x.Add(1); x.Add(1); });
            p.Thread("T1", () => { for (int i = 0; i < n; i++) x.Add(1); });
        });
        var e = Assert.Throws<ReplayDivergenceException>(() => Explorer.Explore(program, new ExplorationOptions { Strategy = "dfs", Iterations = 1000 }));
        Assert.Contains("not deterministic", e.Message);
    }

    [Fact]
    public void ASlowThreadGivenUpOnByTheWatchdogCannotHandTheBatonOn()
    {
        int run = 0, slowed = 0, replayChecks = 0;
        bool overlap = false;
        var program = new TestProgram("slow-step-check", p =>
        {
            int thisRun = ++run, inside = 0;
            var x = new AtomicLong("x");
            // A thread's body starting while another thread of its run is inside a step check means two
            // held the baton (a stray thread's operations are not scheduling points then, so count here).
            void Enter() { if (System.Threading.Interlocked.Increment(ref inside) > 1) overlap = true; }
            void Leave() => System.Threading.Interlocked.Decrement(ref inside);
            for (int t = 0; t < 3; t++) p.Thread($"T{t}", () => { Enter(); Leave(); x.Add(1); x.Add(1); });
            p.AtEachStep(() =>
            {
                Enter();
                // Run 1: T2 is slow, not stuck: it comes back mid-decision 1.5 s in, after the
                // watchdog (1 s) gave up on it.
                if (thisRun == 1 && Sched.ThreadName == "T2" && ++slowed == 2) System.Threading.Thread.Sleep(1500);
                // Run 2, the confirming replay on the same pool, holds the baton from about 1 s to 2 s,
                // so the slow thread wakes while it runs; a stray hand-off would start a second thread.
                if (thisRun == 2 && ++replayChecks == 1) System.Threading.Thread.Sleep(1000);
                Leave();
            });
        });
        var r = Explorer.Explore(program, new ExplorationOptions { Iterations = 1, Watchdog = TimeSpan.FromMilliseconds(1000) }, strategy: new HighestThenOthers());
        Assert.Equal(BugKind.StuckThread, r.Found?.Bug.Kind);
        Assert.Equal("T2", r.Found!.Bug.Thread);
        Assert.False(r.Found.Reproduced);
        Assert.False(overlap, "the thread the watchdog gave up on handed the baton to a thread of the next run");
    }

    /// <summary>First the highest enabled thread, then always another one than the current.</summary>
    private sealed class HighestThenOthers : IStrategy
    {
        private bool first;
        public string Name => "highest-then-others";
        public bool InitIteration(long iteration, ulong seed) { first = true; return true; }
        public int NextInt(int n) => 0;
        public int NextThread(ulong enabled, int current)
        {
            if (first) { first = false; return 63 - System.Numerics.BitOperations.LeadingZeroCount(enabled); }
            for (int i = 0; i < 64; i++) if ((enabled & (1UL << i)) != 0 && i != current) return i;
            return current;
        }
    }
}
