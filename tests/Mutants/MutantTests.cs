using Torture.Model;
using Torture.Scenarios;
using Torture.Systematic;
using Xunit;
using Xunit.Abstractions;

namespace Torture.Tests.Mutants;

/// <summary>Every fault switch is caught, by the check kernel-model.md §5 names, within its stated budget.</summary>
public class MutantTests(ITestOutputHelper output)
{
    public static TheoryData<Mutant> AllMutants() => new(Enum.GetValues<Mutant>());

    [Theory]
    [MemberData(nameof(AllMutants))]
    public void DefaultStrategyFindsTheMutantByItsInvariant(Mutant mutant)
    {
        var e = MutantExpectations.For(mutant);
        var scenario = ScenarioCatalog.Find(e.Scenario)!;
        var r = Explorer.Explore(scenario.Program(new[] { mutant }), e.Options(e.Budget, seed: 1));
        output.WriteLine($"{mutant} in {e.Scenario}: {(r.Found is { } f ? $"found at iteration {r.Iterations} of {e.Budget}: {f.Bug}" : $"not found in {r.Iterations}")}");
        Assert.NotNull(r.Found);
        Assert.Equal(e.Check, r.Found!.Bug.Check);
        Assert.True(r.Found.Reproduced, "the schedule must replay to the same failure");
        Assert.Contains(r.Found.Schedule.Faults, f => f == mutant.ToString());
    }

    [Fact]
    public void TheReplayedTraceShowsTheRace()
    {
        var e = MutantExpectations.For(Mutant.KvmCountOnly);
        var scenario = ScenarioCatalog.Find(e.Scenario)!;
        var program = scenario.Program(new[] { Mutant.KvmCountOnly });
        var r = Explorer.Explore(program, new ExplorationOptions { Iterations = e.Budget, Seed = 1, Faults = new[] { nameof(Mutant.KvmCountOnly) } });
        var trace = r.Found!.TraceText;
        output.WriteLine(trace);
        Assert.Contains("mmu_invalidate_seq = 0", trace);
        Assert.Contains("-> kvm-notifier.InvalidateRangeEnd", trace);
        Assert.Contains("kvm: SPTE gfn0 ->", trace);
        var again = Explorer.Replay(program, Schedule.Parse(r.Found.Schedule.ToText()));
        Assert.Equal(trace, again.TraceText);
    }
}
