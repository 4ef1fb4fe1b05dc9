using Torture.Generator;
using Torture.Model;
using Torture.Scenarios;
using Torture.Systematic;
using Xunit;
using Xunit.Abstractions;

namespace Torture.Tests.Generator;

/// <summary>The generated scenario: clean on the correct model, covering the whole catalog, and finding every mutant alone.</summary>
public class GeneratedScenarioTests(ITestOutputHelper output)
{
    /// <summary>
    /// Generated programs per seed for the clean proof: enough for each of seeds 1-3 to run every pair
    /// of the 28 operations (at 40,000, seed 1 misses CpuAccess || CpuAccess: an access that hits its
    /// TLB is one step, so two rarely overlap, as two DMAs that hit their IOTLB).
    /// </summary>
    public const long CleanBudget = 50_000;

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    public void CorrectModelIsCleanAndEveryOperationAndPairIsExercised(ulong seed)
    {
        var coverage = new Coverage();
        var r = Explorer.Explore(new GeneratedScenario().Program(Array.Empty<Mutant>(), coverage),
            new ExplorationOptions { Iterations = CleanBudget, Seed = seed });
        var missing = Coverage.AllPairs().Except(coverage.ConcurrentPairs).ToList();
        output.WriteLine($"seed {seed}: {r.Iterations} programs, {r.Elapsed.TotalSeconds:0.0} s; {coverage.Operations.Count} operations, {coverage.ConcurrentPairs.Count} concurrent pairs, callbacks: {string.Join(", ", coverage.Callbacks.Keys)}; missing pairs: {string.Join("; ", missing)}");
        Assert.True(r.Found is null, r.Found?.Bug + "\n" + r.Found?.TraceText);
        Assert.Equal(CleanBudget, r.Iterations);
        Assert.Equal(CleanBudget, coverage.Programs);
        Assert.Equal(OperationCatalog.ThreadOps.Select(o => o.Name).Order(StringComparer.Ordinal), coverage.Operations.Keys);
        // n thread operations: n * (n + 1) / 2 unordered pairs, an operation with itself included.
        Assert.Equal(OperationCatalog.ThreadOps.Count * (OperationCatalog.ThreadOps.Count + 1) / 2, Coverage.AllPairs().Count);
        Assert.Empty(missing);
        Assert.Contains("KvmMmuNotifier.InvalidateRangeStart", coverage.Callbacks.Keys);
        Assert.Contains("KvmMmuNotifier.Release", coverage.Callbacks.Keys);
        Assert.Contains("TrylockDevice.InvalidateRangeStart", coverage.Callbacks.Keys);
        Assert.Contains("HmmMirror.Invalidate", coverage.Callbacks.Keys);
    }

    public static TheoryData<Mutant> AllMutants() => new(Enum.GetValues<Mutant>());

    [Theory]
    [MemberData(nameof(AllMutants))]
    public void GeneratedScenarioAloneFindsTheMutant(Mutant mutant)
    {
        var e = MutantExpectations.For(mutant);
        var r = Explorer.Explore(new GeneratedScenario().Program(new[] { mutant }), e.Options(e.GeneratedBudget, e.GeneratedSeed));
        output.WriteLine($"{mutant}: {(r.Found is { } f ? $"found at program {r.Iterations} of {e.GeneratedBudget} in {r.Elapsed.TotalSeconds:0.00} s: {f.Bug}" : $"not found in {r.Iterations}")}");
        Assert.NotNull(r.Found);
        Assert.Contains(r.Found!.Bug.Check, e.GeneratedChecks);
        Assert.True(r.Found.Reproduced, "the schedule must replay to the same failure");
    }

    [Fact]
    public void ProgramLinesRoundTripAndRejectWhatTheCatalogDoesNotKnow()
    {
        var r = Explorer.Explore(new GeneratedScenario().Program(new[] { Mutant.SkipStartInZap }),
            new ExplorationOptions { Iterations = 100, Seed = 4, Faults = new[] { nameof(Mutant.SkipStartInZap) } });
        var lines = r.Found!.Schedule.Input;
        Assert.NotEmpty(lines);
        Assert.Equal(lines, GeneratedProgram.Parse(lines).ToLines());
        var renamed = lines.Select(l => l.Replace("MadviseDontneed", "MadviseDontNeed").Replace("Munmap", "MunMap")).ToList();
        if (!renamed.SequenceEqual(lines)) Assert.Throws<ProgramInputException>(() => GeneratedProgram.Parse(renamed));
        var e = Assert.Throws<ProgramInputException>(() => GeneratedProgram.Parse(new[] { "setup: NewMm mm=mm0 pages=2", "t0: Reclaim target=mm0:va0" }));
        Assert.Equal(1, e.Index);
        Assert.Contains("takes 2 argument(s)", e.Message);
        Assert.Throws<ProgramInputException>(() => GeneratedProgram.Parse(new[] { "t0: NewMm mm=mm0 pages=2" }));
        Assert.Throws<ProgramInputException>(() => GeneratedProgram.Parse(new[] { "t1: Mmput mm=mm0" }));
    }
}
