using Torture.Model;
using Torture.Scenarios;
using Torture.Systematic;

namespace Torture.Bench;

/// <summary>
/// Time to bug: for each mutant, the iteration at which the default strategy finds it, over many
/// seeds. The mutation table's budgets (at least 3x the worst seen) come from this table.
/// </summary>
public static class TimeToBug
{
    public static void Run(int seeds, Func<MutantExpectation, bool> selected)
    {
        Console.WriteLine($"iterations to find each mutant with its row's strategy (the default {new ExplorationOptions().Strategy}, d={new ExplorationOptions().PctDepth}, unless marked), seeds 1-{seeds}, cap 10x budget — {Machine.Describe()}");
        Console.WriteLine($"| {"mutant",-32} | {"scenario",-24} | {"check that fired",-36} | found | median | worst | budget | budget/worst |");
        Console.WriteLine($"|{new string('-', 34)}|{new string('-', 26)}|{new string('-', 38)}|-------|--------|-------|--------|--------------|");
        foreach (var e in MutantExpectations.All.Where(selected))
        {
            var scenario = ScenarioCatalog.Find(e.Scenario)!;
            var program = scenario.Program(new[] { e.Mutant });
            var found = new List<long>();
            var checks = new SortedDictionary<string, int>(StringComparer.Ordinal);
            for (ulong seed = 1; seed <= (ulong)seeds; seed++)
            {
                var r = Explorer.Explore(program, e.Options(e.Budget * 10, seed));
                if (r.Found is not { } f) continue;
                found.Add(r.Iterations);
                var check = f.Bug.Check ?? f.Bug.Kind.ToString();
                checks[check] = checks.GetValueOrDefault(check) + 1;
            }
            found.Sort();
            long worst = found.Count > 0 ? found[^1] : -1;
            Console.WriteLine($"| {e.Mutant + (e.Strategy == new ExplorationOptions().Strategy ? "" : $" ({e.Strategy})"),-32} | {e.Scenario,-24} | {string.Join(", ", checks.Select(kv => $"{kv.Key} x{kv.Value}")),-36} | {found.Count,5} | {(found.Count > 0 ? found[found.Count / 2] : -1),6} | {worst,5} | {e.Budget,6} | {(worst > 0 ? (double)e.Budget / worst : 0),12:0.0} |");
        }
    }
}
