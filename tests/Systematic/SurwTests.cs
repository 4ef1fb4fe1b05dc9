using Torture.Systematic;
using Xunit;

namespace Torture.Tests.Systematic;

/// <summary>Selectively uniform random walk: uniform over interleavings of the interesting events where a random walk is not (the rest: <see cref="SamplingStrategyTests"/>).</summary>
public class SurwTests(Xunit.Abstractions.ITestOutputHelper output)
{
    /// <summary>"short" stores x once; "long" stores it ten times: where does the short one's store land among the eleven?</summary>
    private static (TestProgram Program, Func<int> Position) Uneven()
    {
        int position = -1;
        var program = new TestProgram("uneven", p =>
        {
            var x = new AtomicLong("x");
            // A thread's first operation shares its start's step: each starts on an object of its own.
            var own0 = new AtomicLong("short's own");
            var own1 = new AtomicLong("long's own");
            p.Thread("short", () =>
            {
                own0.Load();
                position = (int)x.Exchange(-1);   // how many of long's stores came first
            });
            p.Thread("long", () =>
            {
                own1.Load();
                for (int i = 0; i < 10; i++) x.Add(x.Load() < 0 ? 0 : 1);
            });
        });
        return (program, () => position);
    }

    /// <summary>The share of iterations in which the short thread's store comes after at least 5 of the 10 others.</summary>
    private static double LateShare(string strategy)
    {
        var (program, position) = Uneven();
        var strat = new ExplorationOptions { Strategy = strategy }.CreateStrategy();
        int late = 0;
        const int runs = 400;
        var recorder = new PositionRecorder(strat, position, () => late++);
        Explorer.Explore(program, new ExplorationOptions { Strategy = strategy, Iterations = runs, Seed = 5 }, strategy: recorder);
        return (double)late / runs;
    }

    [Fact]
    public void TheShortThreadsEventLandsUniformlyWhereARandomWalkPutsItFirst()
    {
        double surw = LateShare("surw"), random = LateShare("random");
        output.WriteLine($"short thread after 5 or more of the other's 10 events: surw {surw:P0}, random {random:P0}");
        // Uniform over its 21 places among the other's 20 operations, 11 are late (about 52 %); a random walk reaches one with probability about 1/2^9.
        Assert.InRange(surw, 0.35, 0.75);
        Assert.True(random < 0.12, $"random walk: {random:P0}");
    }

    /// <summary>Counts, after each iteration, whether the short thread's store came late.</summary>
    private sealed class PositionRecorder(IStrategy inner, Func<int> position, Action late) : IStrategy, IPendingAware, IStepAware
    {
        public string Name => inner.Name;
        public bool InitIteration(long iteration, ulong seed) => inner.InitIteration(iteration, seed);
        public int NextThread(ulong enabled, int current) => inner.NextThread(enabled, current);
        public int NextInt(int n) => inner.NextInt(n);

        public void EndIteration(int threadDecisions)
        {
            if (position() >= 5) late();
            inner.EndIteration(threadDecisions);
        }

        void IPendingAware.Pending(IReadOnlyList<LogicalThread> threads) => (inner as IPendingAware)?.Pending(threads);
        void IStepAware.Reached(LogicalThread t, OpKind op, ISyncObject? obj) => (inner as IStepAware)?.Reached(t, op, obj);
    }
}
