using Torture.Scenarios;
using Torture.Systematic;

namespace Torture.Bench;

/// <summary>
/// bench -- strategies: each row of the mutation table in its hand scenario under each strategy, over
/// seeds: how many seeds find it within 10x the row's budget, and the median and worst iterations
/// (a seed not found counts as the cap). Every row runs under every strategy named, whatever its own
/// strategy is.
/// </summary>
public static class StrategyComparison
{
    public static void Run(int seeds, IReadOnlyList<string> strategies, Func<MutantExpectation, bool> selected)
    {
        Console.WriteLine($"iterations to each mutant's first bug in its row's scenario, seeds 1-{seeds}, cap 10x the row's budget — {Machine.Describe()}");
        Console.WriteLine($"| mutant | {string.Join(" | ", strategies.Select(s => $"{s} found | {s} median | {s} worst"))} |");
        Console.WriteLine($"|---|{string.Concat(strategies.Select(_ => "---|---|---|"))}");
        var totals = strategies.ToDictionary(s => s, _ => (Found: 0, Runs: 0));
        foreach (var e in MutantExpectations.All.Where(selected))
        {
            var program = ScenarioCatalog.Find(e.Scenario)!.Program(new[] { e.Mutant });
            long cap = e.Budget * 10;
            var cells = new List<string>();
            foreach (var strategy in strategies)
            {
                var its = new List<long>();
                int found = 0;
                for (ulong seed = 1; seed <= (ulong)seeds; seed++)
                {
                    var r = Explorer.Explore(program, e.Options(cap, seed) with { Strategy = strategy });
                    // Any bug counts, as in the hand time-to-bug table: the correct model is clean in every scenario.
                    bool hit = r.Found is not null;
                    if (hit) found++;
                    its.Add(hit ? r.Iterations : cap);
                }
                its.Sort();
                totals[strategy] = (totals[strategy].Found + found, totals[strategy].Runs + seeds);
                cells.Add($"{found}/{seeds} | {its[its.Count / 2]:N0} | {(found == seeds ? its[^1].ToString("N0") : $">{cap:N0}")}");
            }
            Console.WriteLine($"| {e.Mutant} | {string.Join(" | ", cells)} |");
        }
        Console.WriteLine();
        foreach (var (s, t) in totals) Console.WriteLine($"{s}: found on {t.Found} of {t.Runs} (mutant, seed) runs");
    }
}
