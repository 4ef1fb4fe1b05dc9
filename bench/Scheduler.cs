using System.Diagnostics;
using Torture.Systematic;

namespace Torture.Bench;

/// <summary>Costs of the controlled scheduler, timed inside the program so set-up and teardown are excluded.</summary>
internal static class Scheduler
{
    private static double NsPer(long ticks, long count) => ticks * (1e9 / Stopwatch.Frequency) / count;

    private static ExplorationOptions Once => new() { Iterations = 1, MaxSteps = long.MaxValue, LockOrder = false };

    /// <summary>Ticks taken by <paramref name="ops"/> atomic adds, after a first one that gets the thread going.</summary>
    private static long TimedAdds(AtomicLong x, int ops)
    {
        x.Add(1);
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < ops; i++) x.Add(1);
        return Stopwatch.GetTimestamp() - start;
    }

    /// <summary>T0 does <paramref name="ops"/> atomic adds while T1 waits enabled; the strategy keeps T0.</summary>
    public static double NoSwitch(int ops)
    {
        long ticks = 0;
        var program = new TestProgram("bench-no-switch", p =>
        {
            var x = new AtomicLong("x");
            p.Thread("T0", () => ticks = TimedAdds(x, ops));
            p.Thread("T1", () => x.Add(1));
        });
        Check(Explorer.Explore(program, Once, strategy: new StayStrategy()));
        return NsPer(ticks, ops);
    }

    /// <summary>One thread alone: every operation is a scheduling point with nothing to decide.</summary>
    public static double SingleThread(int ops)
    {
        long ticks = 0;
        var program = new TestProgram("bench-single", p =>
        {
            var x = new AtomicLong("x");
            p.Thread("T0", () => ticks = TimedAdds(x, ops));
        });
        Check(Explorer.Explore(program, Once, strategy: new StayStrategy()));
        return NsPer(ticks, ops);
    }

    /// <summary>Two threads of <paramref name="ops"/> adds each; the strategy switches at every decision.</summary>
    public static double Switch(int ops)
    {
        long start = 0, end = 0;
        var program = new TestProgram("bench-switch", p =>
        {
            var x = new AtomicLong("x");
            for (int t = 0; t < 2; t++)
            {
                p.Thread($"T{t}", () =>
                {
                    for (int i = 0; i < ops; i++)
                    {
                        x.Add(1);
                        if (start == 0) start = Stopwatch.GetTimestamp();
                    }
                    end = Stopwatch.GetTimestamp();
                });
            }
        });
        var r = Explorer.Explore(program, Once, strategy: new SwitchStrategy());
        Check(r);
        return NsPer(end - start, 2L * ops - 2);
    }

    /// <summary>Iterations per second of <paramref name="threads"/> threads of <paramref name="steps"/> adds under "random".</summary>
    public static double RandomIterations(int threads, int steps, TimeSpan budget)
    {
        var program = new TestProgram("bench-random", p =>
        {
            var x = new AtomicLong("x");
            for (int t = 0; t < threads; t++)
                p.Thread($"T{t}", () => { for (int i = 0; i < steps; i++) x.Add(1); });
        });
        var r = Explorer.Explore(program, new ExplorationOptions { Strategy = "random", Iterations = long.MaxValue, TimeBudget = budget, LockOrder = false });
        Check(r);
        return r.IterationsPerSecond;
    }

    private static void Check(ExplorationResult r)
    {
        if (r.Found is { } bug) throw new InvalidOperationException($"benchmark program failed: {bug.Bug}");
    }
}
