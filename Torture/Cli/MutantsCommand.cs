using Torture.Generator;
using Torture.Reports;
using Torture.Scenarios;
using Torture.Systematic;

namespace Torture.Cli;

/// <summary>
/// torture mutants: run the mutation table, each fault switch in the scenario its row names and
/// within its budget, and print a mutation score (a switch counts as killed only when the check
/// its row names fired). --generated runs each in the generated scenario as well, within its
/// generated budget. Exit 0 when every switch was killed, 1 otherwise.
/// </summary>
public static class MutantsCommand
{
    internal static readonly Dictionary<string, OptionKind> Options = new()
    {
        ["--generated"] = OptionKind.Flag, ["--seed"] = OptionKind.Value, ["--mutant"] = OptionKind.Repeated,
    };

    public static int Run(IReadOnlyList<string> args, TextWriter console, System.Threading.CancellationToken cancel = default)
    {
        var a = ParsedArgs.Parse("mutants", args, Options, maxPositional: 0);
        // Without --seed each row runs on the seed its budgets were checked with (the generated one may name another).
        ulong? given = a.Long("--seed", 0, long.MaxValue) is { } sd ? (ulong)sd : null;
        var only = Campaign.Catalog.Mutants(a.Names("--mutant"));
        var rows = MutantExpectations.All.Where(e => only.Count == 0 || only.Contains(e.Mutant)).ToList();
        var runs = new List<(string Where, Func<MutantExpectation, (TestProgram Program, long Budget, IReadOnlyList<string> Checks, ulong Seed)> Make)>
        {
            ("hand", e => (ScenarioCatalog.Find(e.Scenario)!.Program(new[] { e.Mutant }), e.Budget, new[] { e.Check }, given ?? 1)),
        };
        if (a.Has("--generated"))
            runs.Add(("generated", e => (new GeneratedScenario().Program(new[] { e.Mutant }), e.GeneratedBudget, e.GeneratedChecks, given ?? e.GeneratedSeed)));
        console.WriteLine($"torture mutants: {rows.Count} fault switch(es) x {string.Join(" + ", runs.Select(r => r.Where))}, the row's strategy (default pct), {(given is { } g ? $"seed {g}" : "each row's seed (1 unless the row names another)")}");
        int killed = 0, total = 0;
        foreach (var e in rows)
        {
            foreach (var (where, make) in runs)
            {
                var (program, budget, checks, seed) = make(e);
                var r = Explorer.Explore(program, e.Options(budget, seed, cancel));
                var check = r.Found is { } f ? f.Bug.Check ?? f.Bug.Kind.ToString() : null;
                bool kill = check is not null && checks.Contains(check);
                total++;
                if (kill) killed++;
                var scenario = where == "hand" ? e.Scenario : GeneratedScenario.ScenarioName;
                var verdict = kill ? $"killed by {check} at iteration {r.Iterations:N0} of {budget:N0}{(seed != 1 ? $" (seed {seed})" : "")}"
                    : check is not null ? $"SURVIVED: found by {check}, not by {string.Join(" or ", checks)}"
                    : $"SURVIVED: not found in {r.Iterations:N0} iterations{(r.Stop == StopReason.Interrupted ? " (interrupted)" : "")}";
                console.WriteLine($"  {e.Mutant,-32} {scenario,-24} {verdict}");
            }
        }
        console.WriteLine($"mutation score: {killed}/{total} ({(total == 0 ? 100 : 100.0 * killed / total):0.#}%)");
        if (cancel.IsCancellationRequested) return ExitCodes.Incomplete;
        return killed == total ? ExitCodes.Clean : ExitCodes.BugFound;
    }
}
