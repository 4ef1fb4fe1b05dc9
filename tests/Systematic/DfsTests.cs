using Torture.Systematic;
using Xunit;

namespace Torture.Tests.Systematic;

/// <summary>DFS explores exactly the schedules within its preemption bound, each once, and says when it is done.</summary>
public class DfsTests
{
    // Counts by hand. Unbounded: multinomials, 4!/(2!2!) = 6 and 6!/(2!2!2!) = 90.
    // Bound 0: each thread runs to completion, so the orders of the threads: 2! = 2 and 3! = 6.
    // 2x2, bound 1: of the 6 words AABB, BBAA (0 preemptions), ABBA, BAAB (1), ABAB, BABA (2): 4.
    // 3x2, bound 1: 6 with none; 12 where the first thread is preempted after one op (3 first x 2
    // preemptors x 2 orders of the rest); 6 where the second thread is preempted after one op: 24.
    [Theory]
    [InlineData(2, 2, -1, 6)]
    [InlineData(3, 2, -1, 90)]
    [InlineData(2, 2, 0, 2)]
    [InlineData(2, 2, 1, 4)]
    [InlineData(3, 2, 0, 6)]
    [InlineData(3, 2, 1, 24)]
    public void CountsSchedulesAndReportsExhausted(int threads, int ops, int bound, long expected)
    {
        var r = Run.Explore(Programs.Atomics(threads, ops), "dfs", iterations: 10_000, preemptionBound: bound);
        Assert.False(r.BugFound, r.Found?.Bug.ToString());
        Assert.True(r.Exhausted);
        Assert.Equal(expected, r.Iterations);
        Assert.Equal(expected, Interleavings.All(threads, ops, bound).Count);
    }

    [Fact]
    public void IterationBudgetSmallerThanTheSpaceIsNotExhausted()
    {
        var r = Run.Explore(Programs.Atomics(3, 2), "dfs", iterations: 89);
        Assert.False(r.Exhausted);
        Assert.Equal(89, r.Iterations);
    }

    [Fact]
    public void BudgetEqualToTheSpaceIsExhausted()
    {
        var r = Run.Explore(Programs.Atomics(3, 2), "dfs", iterations: 90);
        Assert.True(r.Exhausted);
    }

    [Theory]
    [InlineData(2, 3, -1)]
    [InlineData(3, 2, -1)]
    [InlineData(3, 2, 1)]
    [InlineData(3, 3, 1)]
    [InlineData(2, 3, 2)]
    public void RunsExactlyTheInterleavingsWithinTheBound(int threads, int ops, int bound)
    {
        var words = new List<string>();
        var r = Run.Explore(Programs.Atomics(threads, ops, words), "dfs", iterations: 100_000, preemptionBound: bound);
        Assert.True(r.Exhausted);
        Assert.Equal(words.Count, words.Distinct().Count());
        Assert.Equal(Interleavings.All(threads, ops, bound).Order(StringComparer.Ordinal), words.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(-1, 90)]
    [InlineData(1, 24)]
    public void NeverRepeatsADecisionSequence(int bound, int expected)
    {
        var recorder = new RecordingStrategy(new DfsStrategy(bound));
        var r = Explorer.Explore(Programs.Atomics(3, 2), Run.Options("dfs", 10_000), strategy: recorder);
        Assert.True(r.Exhausted);
        var sequences = recorder.Iterations.Select(s => string.Join(",", s)).ToList();
        Assert.Equal(expected, sequences.Count);
        Assert.Equal(expected, sequences.Distinct().Count());
    }

    [Fact]
    public void BranchesOnDataChoices()
    {
        // One thread, choices of 3 and then 2: 6 runs, each a distinct pair of values.
        var seen = new List<(int, int)>();
        var program = new TestProgram("choices", p =>
        {
            p.Thread("T0", () => seen.Add((Sched.Choose(3), Sched.Choose(2))));
        });
        var r = Run.Explore(program, "dfs");
        Assert.True(r.Exhausted);
        Assert.Equal(6, r.Iterations);
        Assert.Equal(6, seen.Distinct().Count());
    }
}
