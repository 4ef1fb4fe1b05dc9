using Torture.Model;
using Torture.Scenarios;
using Torture.Systematic;
using Xunit;

namespace Torture.Tests.Model;

/// <summary>
/// The model under weak memory: the switch that only a weakly ordered CPU shows is found with the
/// mode on and cannot happen with it off; the correct model stays clean with it on.
/// </summary>
public class WeakMemoryModelTests
{
    private static ExplorationOptions Dfs(int bound, bool weak, IReadOnlyList<string>? faults = null) =>
        new() { Strategy = "dfs", PreemptionBound = bound, Iterations = 200_000, WeakMemory = weak, Faults = faults ?? Array.Empty<string>() };

    private static TestProgram GpcVsZap(params Mutant[] mutants) => ScenarioCatalog.Find("gpc-vs-zap")!.Program(mutants);

    [Fact]
    public void EndDroppingTheCountBeforeTheSeqBumpIsFoundOnlyUnderWeakMemory()
    {
        var m = Mutant.KvmEndDecBeforeSeqInc;
        var faults = new[] { m.ToString() };
        var weak = Explorer.Explore(GpcVsZap(m), Dfs(2, weak: true, faults));
        Assert.Equal(MutantExpectations.For(m).Check, weak.Found?.Bug.Check);
        Assert.True(weak.Found!.Reproduced);
        Assert.True(weak.Found.Schedule.WeakMemory);
        Assert.Contains("drained from madvise's store buffer", weak.Found.TraceText);
        // Sequentially consistent, the drop comes after the bump in every schedule of up to 3 preemptions (9,747 of them).
        var sc = Explorer.Explore(GpcVsZap(m), Dfs(3, weak: false, faults));
        Assert.False(sc.BugFound, sc.Found?.Bug.ToString());
        Assert.True(sc.Exhausted);
    }

    [Fact]
    public void ThePfnCacheIsCleanUnderWeakMemory()
    {
        var r = Explorer.Explore(GpcVsZap(), Dfs(2, weak: true));
        Assert.False(r.BugFound, r.Found?.Bug.ToString());
        Assert.True(r.Exhausted);
    }

    public static TheoryData<string> HandScenarios() => new(ScenarioCatalog.All.Where(s => s is not Torture.Generator.GeneratedScenario).Select(s => s.Name));

    /// <summary>Random picks every thread and data choice, the store-buffer drains too: 400 schedules of each scenario.</summary>
    [Theory]
    [MemberData(nameof(HandScenarios))]
    public void EveryScenarioIsCleanUnderWeakMemory(string scenario)
    {
        var r = Explorer.Explore(ScenarioCatalog.Find(scenario)!.Program(Array.Empty<Mutant>()),
            new ExplorationOptions { Strategy = "random", Iterations = 400, Seed = 1, WeakMemory = true });
        Assert.False(r.BugFound, r.Found?.Bug.ToString());
        Assert.Equal(400, r.Iterations);
    }
}
