using Torture.Coyote;
using Torture.Generator;
using Torture.Model;
using Torture.Scenarios;
using Torture.Systematic;

namespace Torture.CoyoteTests;

/// <summary>
/// What the generated test methods run: one Coyote iteration of a scenario with some fault
/// switches on, exactly as <c>torture run --engine coyote</c> runs it, so a trace either records
/// replays under the other. An exploration lives for the test run (lockdep's history spans iterations);
/// Coyote runs one iteration at a time, and a lock here would add scheduling points of its own.
/// </summary>
public static class CoyoteTestRuns
{
    private static readonly Dictionary<string, ExternalExploration> Explorations = new();

    public static void Clean(IScenario scenario) => Run(scenario, Array.Empty<Mutant>());

    public static void InItsScenario(Mutant mutant) =>
        Run(ScenarioCatalog.Find(MutantExpectations.For(mutant).Scenario)!, new[] { mutant });

    public static void InGenerated(Mutant mutant) => Run(new GeneratedScenario(), new[] { mutant });

    private static void Run(IScenario scenario, Mutant[] faults)
    {
        var key = string.Join("+", faults.Select(f => f.ToString()).Prepend(scenario.Name));
        if (!Explorations.TryGetValue(key, out var exploration))
        {
            // As torture run does: a switch only weak memory shows turns it on.
            var options = new ExplorationOptions
            {
                Faults = faults.Select(f => f.ToString()).ToList(), WeakMemory = MutantExpectations.NeedWeakMemory(faults),
            };
            Explorations[key] = exploration = new ExternalExploration(scenario.Program(faults), options, "coyote");
        }
        CoyoteIteration.Run(exploration);
    }
}
