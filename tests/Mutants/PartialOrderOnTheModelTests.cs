using Torture.Model;
using Torture.Scenarios;
using Torture.Systematic;
using Xunit;

namespace Torture.Tests.Mutants;

/// <summary>
/// On the model, every step is opaque to partial-order reduction (step checks, lockless atomics), so
/// dfs with it runs plain dfs's schedules: the same mutants found at the same schedule, the same
/// exhausted count on the correct model (bench -- por: all 33 scenarios and the whole mutation table).
/// </summary>
public class PartialOrderOnTheModelTests
{
    private static ExplorationResult Dfs(TestProgram program, bool por) =>
        Explorer.Explore(program, new ExplorationOptions { Strategy = "dfs", PreemptionBound = 1, PartialOrder = por, Iterations = 20_000 });

    [Theory]
    [InlineData(Mutant.KvmNoRetryCheck)]
    [InlineData(Mutant.SkipStartInZap)]
    [InlineData(Mutant.CowSkipsTlbFlush)]
    public void FindsTheMutantAtPlainDfssSchedule(Mutant mutant)
    {
        var e = MutantExpectations.For(mutant);
        var program = ScenarioCatalog.Find(e.Scenario)!.Program(new[] { mutant });
        var plain = Dfs(program, por: false);
        var reduced = Dfs(program, por: true);
        Assert.True(plain.BugFound, $"plain dfs missed {mutant}");
        Assert.True(reduced.BugFound, $"dfs with partial-order reduction missed {mutant}");
        Assert.Equal(plain.Iterations, reduced.Iterations);
        Assert.Equal(plain.Found!.Bug.Check, reduced.Found!.Bug.Check);
    }

    [Theory]
    [InlineData("fault-vs-zap")]
    [InlineData("cow-vs-cpu")]
    public void ExhaustsTheCorrectModelInPlainDfssCount(string scenario)
    {
        var program = ScenarioCatalog.Find(scenario)!.Program(Array.Empty<Mutant>());
        var plain = Dfs(program, por: false);
        var reduced = Dfs(program, por: true);
        Assert.True(plain.Exhausted && reduced.Exhausted);
        Assert.False(reduced.BugFound, reduced.Found?.Bug.ToString());
        Assert.Equal(plain.Iterations, reduced.Iterations);
    }
}
