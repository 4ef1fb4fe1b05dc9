using Torture.Model;
using Torture.Scenarios;
using Torture.Systematic;
using Xunit;

namespace Torture.Tests.Systematic;

/// <summary>The portfolio rotates its members per iteration and so finds what any one of them finds.</summary>
public class PortfolioTests
{
    [Fact]
    public void ItNamesItsMembersAndItsBugsReplay()
    {
        var portfolio = new PortfolioStrategy(pctDepth: 3, probabilisticN: 3);
        Assert.Equal("portfolio(pct(d=3),pos,probabilistic(n=3),random)", portfolio.Name);
        var program = Programs.ThreePhases(n: 20, pad: 40);
        var r = Explorer.Explore(program, Run.Options("portfolio", 4000, seed: 1), strategy: portfolio);
        Assert.True(r.BugFound);
        Assert.True(r.Found!.Reproduced);
        Assert.Equal(Schedule.Parse(r.Found.Schedule.ToText()).ToText(), r.Found.Schedule.ToText());
    }

    [Fact]
    public void ItFindsBothABugPctMissesAndOneRandomMisses()
    {
        // pct practically never finds IntervalRemoveLocklessWait (its row runs random); random never
        // finds the three phases (PctTests).
        var e = MutantExpectations.For(Mutant.IntervalRemoveLocklessWait);
        var program = ScenarioCatalog.Find(e.Scenario)!.Program(new[] { e.Mutant });
        Assert.NotNull(Explorer.Explore(program, e.Options(e.Budget, seed: 1) with { Strategy = "portfolio" }).Found);
        Assert.True(Run.Explore(Programs.ThreePhases(n: 20, pad: 40), "portfolio", 4000, seed: 1).BugFound);
    }
}
