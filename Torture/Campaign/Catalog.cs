using Torture.Demos;
using Torture.Generator;
using Torture.Invariants;
using Torture.Model;
using Torture.Scenarios;
using Torture.Systematic;

namespace Torture.Campaign;

/// <summary>Looks up what the command line names: scenarios, mutants, and any program a schedule file may name.</summary>
public static class Catalog
{
    public static IScenario Scenario(string name) => ScenarioCatalog.Find(name)
        ?? throw new TortureInputException($"unknown scenario '{name}' (known: {string.Join(", ", ScenarioCatalog.All.Select(s => s.Name))})");

    /// <summary>A mutant by name only: Enum.Parse would also take "0" or "1,2".</summary>
    public static Mutant Mutant(string name) =>
        Enum.GetNames<Mutant>().FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase)) is { } known
            ? Enum.Parse<Mutant>(known)
            : throw new TortureInputException($"unknown mutant '{name}' (known: {string.Join(", ", Enum.GetNames<Mutant>())})");

    public static IReadOnlyList<Mutant> Mutants(IEnumerable<string> names) => names.Select(Mutant).Distinct().Order().ToList();

    public static IReadOnlyList<IInvariant> Invariants => InvariantCatalog.All;

    /// <summary>The campaign for a run: the named scenarios (or those exposing the named mutants, or all), built with the mutants on.</summary>
    public static IReadOnlyList<CampaignItem> Campaign(IReadOnlyList<string> scenarioNames, IReadOnlyList<Mutant> mutants, long? generatedIterations = null)
    {
        IEnumerable<IScenario> chosen = scenarioNames.Count > 0
            ? scenarioNames.Select(Scenario)
            : mutants.Count > 0
                ? ScenarioCatalog.All.Where(s => s.Exposes.Any(mutants.Contains))
                : ScenarioCatalog.All;
        var faults = mutants.Select(m => m.ToString()).ToList();
        return chosen.Distinct().Select(s => Item(s, mutants, faults, generatedIterations)).ToList();
    }

    private static CampaignItem Item(IScenario s, IReadOnlyList<Mutant> mutants, IReadOnlyList<string> faults, long? generatedIterations)
    {
        if (s is not GeneratedScenario g) return new CampaignItem(s.Name, faults, s.Program(mutants), Shrinkable: true);
        var coverage = new Coverage();
        return new CampaignItem(s.Name, faults, g.Program(mutants, coverage),
            o => generatedIterations is { } n ? o with { Iterations = n } : o, Shrinkable: true, coverage);
    }

    /// <summary>The demonstrations; the AB-BA program runs twice, so both the lockdep report and the real deadlock are shown.</summary>
    public static IReadOnlyList<CampaignItem> Demos { get; } = new[]
    {
        new CampaignItem(DemoPrograms.LostUpdate.Name, Array.Empty<string>(), DemoPrograms.LostUpdate),
        new CampaignItem(DemoPrograms.AbBaDeadlock.Name, Array.Empty<string>(), DemoPrograms.AbBaDeadlock),
        new CampaignItem(DemoPrograms.AbBaDeadlockLockdepOff.Name, Array.Empty<string>(), DemoPrograms.AbBaDeadlockLockdepOff, o => o with { LockOrder = false }),
    };

    /// <summary>Rebuild the program a schedule file was recorded against, with its fault switches.</summary>
    public static TestProgram ProgramFor(Schedule schedule)
    {
        if (DemoPrograms.All.FirstOrDefault(p => p.Name == schedule.Program) is { } demo) return demo;
        var scenario = ScenarioCatalog.Find(schedule.Program)
            ?? throw new TortureInputException($"{schedule.Source}: no scenario or demo named '{schedule.Program}' in this build (a scenario of your own? add --assembly FILE)");
        return scenario.Program(FaultsOf(schedule));
    }

    /// <summary>The fault switches a schedule file names; an unknown one is bad input naming the file's faults line.</summary>
    public static IReadOnlyList<Mutant> FaultsOf(Schedule schedule)
    {
        try { return Mutants(schedule.Faults); }
        catch (TortureInputException e) { throw new TortureInputException($"{schedule.Source}: line {Schedule.FaultsLine}: {e.Message}"); }
    }
}
