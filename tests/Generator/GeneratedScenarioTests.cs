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
    /// Generated programs per seed for the clean proof: enough for each of seeds 1-3 to run every
    /// one of the 30 operations, and for the three together to run every pair of them at the same time.
    /// Pairs are counted over the three seeds, not each: two operations that are one step each (a CPU
    /// access hitting its TLB, a DMA hitting its IOTLB) overlap only when the scheduler switches at
    /// the one scheduling point between them, and seed 1 draws no DeviceAccess || DeviceAccess that
    /// does even in 100,000 programs (seeds 2 and 3 do within 50,000).
    /// </summary>
    public const long CleanBudget = 50_000;

    [Fact]
    public void CorrectModelIsCleanAndEveryOperationAndPairIsExercised()
    {
        var pairs = new SortedSet<string>(StringComparer.Ordinal);
        foreach (ulong seed in new[] { 1UL, 2UL, 3UL })
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
            foreach (var callback in new[] { "InvalidateRangeStart", "Release", "ClearFlushYoung", "ClearYoung", "TestYoung" })
                Assert.Contains($"KvmMmuNotifier.{callback}", coverage.Callbacks.Keys);
            Assert.Contains("TrylockDevice.InvalidateRangeStart", coverage.Callbacks.Keys);
            Assert.Contains("HmmMirror.Invalidate", coverage.Callbacks.Keys);
            pairs.UnionWith(coverage.ConcurrentPairs);
        }
        // n thread operations: n * (n + 1) / 2 unordered pairs, an operation with itself included.
        Assert.Equal(OperationCatalog.ThreadOps.Count * (OperationCatalog.ThreadOps.Count + 1) / 2, Coverage.AllPairs().Count);
        Assert.Empty(Coverage.AllPairs().Except(pairs));
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
