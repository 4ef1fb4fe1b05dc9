using System.Diagnostics;
using Torture.Coyote;
using Torture.Model;
using Torture.Scenarios;
using Torture.Systematic;
using Xunit;
using Xunit.Abstractions;

namespace Torture.Tests.Engines;

/// <summary>Coyote's TestingEngines run one at a time in this process.</summary>
[CollectionDefinition("coyote", DisableParallelization = true)]
public sealed class CoyoteCollection { }

/// <summary>The model under Coyote's engine: every mutant found by its row's check within the row's Coyote budget; the correct model clean.</summary>
[Collection("coyote")]
public class CoyoteEngineTests(ITestOutputHelper output)
{
    /// <summary>Iterations per scenario of the correct model under Coyote's prioritization.</summary>
    public const long CleanBudget = 300;

    public static TheoryData<Mutant> AllMutants() => new(Enum.GetValues<Mutant>());

    public static TheoryData<string> AllScenarios() => new(ScenarioCatalog.All.Select(s => s.Name));

    [Theory]
    [MemberData(nameof(AllMutants))]
    public void PrioritizationFindsTheMutantByItsInvariant(Mutant mutant)
    {
        var e = MutantExpectations.For(mutant);
        var program = ScenarioCatalog.Find(e.Scenario)!.Program(new[] { mutant });
        var r = CoyoteEngine.Explore(program, e.Options(e.CoyoteBudget, seed: 1) with { Strategy = CoyoteEngine.DefaultStrategy });
        output.WriteLine($"{mutant}: {(r.Found is { } f ? $"found at iteration {r.Iterations} of {e.CoyoteBudget}: {f.Bug}" : $"not found in {r.Iterations}")}");
        Assert.NotNull(r.Found);
        Assert.Contains(r.Found!.Bug!.Check, e.CoyoteChecks);
        Assert.NotNull(r.CoyoteTrace);
        // Coyote's picks, recorded as our decisions, reproduce the bug under our own engine.
        var ours = Explorer.Confirm(program, r.Found.Bug, r.Found.Schedule!);
        Assert.True(ours.Reproduced, "our engine must replay the schedule Coyote's picks make");
    }

    [Theory]
    [MemberData(nameof(AllScenarios))]
    public void TheCorrectModelIsClean(string scenario)
    {
        var r = CoyoteEngine.Explore(ScenarioCatalog.Find(scenario)!.Program(Array.Empty<Mutant>()),
            new ExplorationOptions { Strategy = CoyoteEngine.DefaultStrategy, Iterations = CleanBudget, Seed = 1 });
        Assert.True(r.Found is null, r.Found?.Bug?.ToString());
        Assert.Equal(CleanBudget, r.Iterations);
    }

    [Fact]
    public void ACoyoteTraceReplaysUnderCoyoteWithTheSameCheckAndOurTrace()
    {
        var e = MutantExpectations.For(Mutant.UnregisterNoSynchronize);
        var program = ScenarioCatalog.Find(e.Scenario)!.Program(new[] { e.Mutant });
        var options = e.Options(e.CoyoteBudget, seed: 1) with { Strategy = CoyoteEngine.DefaultStrategy };
        var r = CoyoteEngine.Explore(program, options);
        var again = CoyoteEngine.Replay(program, options, r.CoyoteTrace!);
        Assert.Equal(r.Found!.Bug!.Check, again?.Bug?.Check);
        Assert.Equal(r.Found.Bug.Step, again!.Bug!.Step);
        Assert.Contains("-> kvm-notifier", again.TraceText);
    }

    [Fact]
    public void EveryStrategyNamedRunsAndAnUnknownOneIsBadInput()
    {
        var program = ScenarioCatalog.Find("cow-vs-cpu")!.Program(new[] { Mutant.CowSkipsTlbFlush });
        foreach (var strategy in CoyoteEngine.StrategyNames)
        {
            var r = CoyoteEngine.Explore(program, new ExplorationOptions { Strategy = strategy, Iterations = 2000, Seed = 3, Faults = new[] { nameof(Mutant.CowSkipsTlbFlush) } });
            Assert.True(r.Found is not null, $"{strategy} did not find CowSkipsTlbFlush in {r.Iterations}");
        }
        var bad = Assert.Throws<TortureInputException>(() => CoyoteEngine.Configure(new ExplorationOptions { Strategy = "pct" }));
        Assert.Contains("prioritization", bad.Message);
    }
}
