using System.Text.RegularExpressions;
using Torture.Invariants;
using Torture.Model;
using Torture.Scenarios;
using Torture.Systematic;
using Xunit;

namespace Torture.Tests.Mutants;

/// <summary>The catalogs the CLI and the suite rely on are complete and consistent.</summary>
public class CatalogTests
{
    [Fact]
    public void InvariantsAreDiscoveredAndSortedByName()
    {
        // By discovery: every invariant class of the assembly is in the catalog once, whatever is added.
        var types = typeof(InvariantCatalog).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IInvariant).IsAssignableFrom(t)).ToList();
        Assert.True(types.Count >= 8, $"only {types.Count} invariant classes found");
        Assert.Equal(types.OrderBy(t => t.FullName).ToList(), InvariantCatalog.All.Select(i => i.GetType()).OrderBy(t => t.FullName).ToList());
        var names = InvariantCatalog.All.Select(i => i.Name).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.All(names, n => Assert.Matches(new Regex(@"^I\d+(-[A-Z]+)? [A-Z][A-Za-z]+$"), n));
        Assert.All(InvariantCatalog.All, i => Assert.False(string.IsNullOrWhiteSpace(i.Description)));
    }

    [Fact]
    public void ScenariosAreNamedUniquelyAndTheSmallestComesFirst()
    {
        var names = ScenarioCatalog.All.Select(s => s.Name).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.All(names, n => Assert.Matches(new Regex("^[a-z]+(-[a-z]+)*$"), n));
        Assert.All(ScenarioCatalog.All, s => Assert.Same(s, ScenarioCatalog.Find(s.Name)));
        Assert.Null(ScenarioCatalog.Find("no-such-scenario"));
        Assert.Equal(2, ThreadCount(ScenarioCatalog.All[0]));
        Assert.All(ScenarioCatalog.All, s => Assert.InRange(ThreadCount(s), 2, 3));
    }

    /// <summary>An invariant's name, the scheduler's own checks (deadlock, lockdep, might_sleep...), or the model's BUG_ON/WARN_ON.</summary>
    private static bool Known(string check) =>
        InvariantCatalog.Find(check) is not null || check is "deadlock" or "unlock-not-held" or "lockdep" or "might_sleep" or KernelBug.BugCheck or KernelBug.WarnCheck;

    [Fact]
    public void EveryMutantHasOneExpectationInAScenarioThatExposesIt()
    {
        Assert.Equal(Enum.GetValues<Mutant>().Order(), MutantExpectations.All.Select(e => e.Mutant).Order());
        foreach (var e in MutantExpectations.All)
        {
            var scenario = ScenarioCatalog.Find(e.Scenario);
            Assert.NotNull(scenario);
            Assert.Contains(e.Mutant, scenario!.Exposes);
            Assert.True(e.Budget >= 3 * e.WorstSeen, $"{e.Mutant}: budget {e.Budget} is less than 3x the worst seen ({e.WorstSeen})");
            Assert.True(e.GeneratedWorstSeen > 0 && e.GeneratedBudget >= 3 * e.GeneratedWorstSeen, $"{e.Mutant}: generated budget {e.GeneratedBudget} is not 3x the worst seen ({e.GeneratedWorstSeen})");
            Assert.All(e.GeneratedChecks.Concat(e.CoyoteChecks), c => Assert.True(Known(c), $"{e.Mutant}: unknown check {c}"));
            Assert.False(string.IsNullOrWhiteSpace(Torture.Model.Mutants.Describe(e.Mutant)));
        }
    }

    [Fact]
    public void ProgramsCarryTheScenarioNameAndTheModelFingerprint()
    {
        // The built-in ones: a user's scenario (UserScenarioTests may have loaded one) carries its assembly's too.
        foreach (var s in ScenarioCatalog.All.Where(s => s.GetType().Assembly == typeof(Scenario).Assembly))
        {
            var program = s.Program(Array.Empty<Mutant>());
            Assert.Equal(s.Name, program.Name);
            Assert.Equal(Scenario.Fingerprint, program.Fingerprint);
        }
    }

    /// <summary>The number of threads a scenario declares: every one of them is enabled at some decision.</summary>
    private static int ThreadCount(IScenario s)
    {
        var seen = new SeenThreads();
        Explorer.Explore(s.Program(Array.Empty<Mutant>()), new ExplorationOptions { Iterations = 1 }, strategy: seen);
        return System.Numerics.BitOperations.PopCount(seen.Union);
    }

    /// <summary>Runs the lowest enabled thread and remembers every thread it saw enabled.</summary>
    private sealed class SeenThreads : IStrategy
    {
        public ulong Union;
        public string Name => "seen-threads";
        public bool InitIteration(long iteration, ulong seed) => true;
        public int NextThread(ulong enabled, int current)
        {
            Union |= enabled;
            return System.Numerics.BitOperations.TrailingZeroCount(enabled);
        }
        public int NextInt(int n) => 0;
    }
}
