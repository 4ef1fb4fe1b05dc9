using Torture.Systematic;
using Xunit;

namespace Torture.Tests.Systematic;

/// <summary>PCT with d=3 finds a depth-3 ordering bug that a uniform random walk practically never hits.</summary>
public class PctTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Seeds = 10, Budget = 1000;
    private static readonly TestProgram Program = Programs.ThreePhases(n: 20, pad: 40);

    /// <summary>Iterations each seed needed to find the bug (null: not within the budget).</summary>
    private static List<long?> IterationsToBug(string strategy, int depth = 3) =>
        Enumerable.Range(1, Seeds).Select(seed =>
        {
            var r = Run.Explore(Program, strategy, Budget, (ulong)seed, pctDepth: depth);
            if (r.BugFound) Assert.Equal("three-phases", r.Found!.Bug.Check);
            return r.BugFound ? r.Iterations : (long?)null;
        }).ToList();

    [Fact]
    public void PctFindsTheDepth3BugFarMoreOftenThanRandom()
    {
        var pct = IterationsToBug("pct");
        var random = IterationsToBug("random");
        int pctFound = pct.Count(i => i is not null), randomFound = random.Count(i => i is not null);
        var pctMedian = pct.Select(i => i ?? long.MaxValue).Order().ElementAt(Seeds / 2);
        var summary = $"pct found it for {pctFound}/{Seeds} seeds (iterations {string.Join(",", pct)}), random for {randomFound}/{Seeds}";
        output.WriteLine(summary);
        Assert.True(pctFound >= Seeds - 1, summary);
        Assert.True(randomFound <= 1, summary);
        Assert.True(pctMedian <= Budget / 10, summary);
    }

    [Fact]
    public void TheBugNeedsTwoPriorityChanges()
    {
        // With d=2 (one change point) no schedule PCT can make has the three phases.
        Assert.All(IterationsToBug("pct", depth: 2), i => Assert.Null(i));
    }
}
