using Torture.Systematic;
using Xunit;

namespace Torture.Tests.Systematic;

/// <summary>A load-then-store increment loses updates under every strategy; the CAS loop never does.</summary>
public class LostUpdateTests
{
    [Theory]
    [InlineData("random")]
    [InlineData("pct")]
    [InlineData("fairpct")]
    [InlineData("probabilistic")]
    [InlineData("dfs")]
    public void LoadThenStoreIsFound(string strategy)
    {
        var found = Run.Find(Programs.LostUpdate(), strategy, iterations: 2000, seed: 3);
        Assert.Equal(BugKind.AssertionFailure, found.Bug.Kind);
        Assert.Equal("no-lost-update", found.Bug.Check);
        Assert.Contains("counter is 1, expected 2", found.Bug.Message);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void CasLoopSurvivesEverySchedule(int threads)
    {
        var r = Run.Exhaust(Programs.CasCounter(threads));
        Assert.True(r.Iterations > 1);
    }

    [Fact]
    public void DfsFindsTheLostUpdateWithOnePreemption()
    {
        var r = Run.Explore(Programs.LostUpdate(), "dfs", preemptionBound: 0);
        Assert.False(r.BugFound);
        Assert.True(r.Exhausted);
        Assert.Equal(2, r.Iterations);
        Assert.True(Run.Explore(Programs.LostUpdate(), "dfs", preemptionBound: 1).BugFound);
    }
}
