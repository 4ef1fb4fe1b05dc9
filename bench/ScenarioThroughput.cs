using Torture.Scenarios;
using Torture.Systematic;

namespace Torture.Bench;

/// <summary>Schedules per second of every scenario of the correct model under the default strategy.</summary>
public static class ScenarioThroughput
{
    public static void Run()
    {
        Console.WriteLine($"schedules/s per scenario, correct model, default strategy, 5,000 iterations after a 500-iteration warm-up — {Machine.Describe()}");
        Console.WriteLine($"| {"scenario",-26} | {"schedules/s",11} | {"steps/iteration",15} |");
        Console.WriteLine($"|{new string('-', 28)}|{new string('-', 13)}|{new string('-', 17)}|");
        foreach (var s in ScenarioCatalog.All)
        {
            var program = s.Program(Array.Empty<Torture.Model.Mutant>());
            Explorer.Explore(program, new ExplorationOptions { Iterations = 500, Seed = 2 });
            var r = Explorer.Explore(program, new ExplorationOptions { Iterations = 5_000, Seed = 1 });
            Console.WriteLine($"| {s.Name,-26} | {r.IterationsPerSecond,11:N0} | {(double)r.TotalSteps / r.Iterations,15:N1} |");
        }
    }
}
