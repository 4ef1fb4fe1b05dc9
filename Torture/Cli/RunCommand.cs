using Torture.Campaign;
using Torture.Systematic;

namespace Torture.Cli;

/// <summary>torture run: explore the scenarios and report; exit 0 clean, 1 bug found, 2 bad input.</summary>
public static class RunCommand
{
    public static readonly Dictionary<string, OptionKind> Options = new()
    {
        ["--scenario"] = OptionKind.Repeated, ["--mutant"] = OptionKind.Repeated, ["--strategy"] = OptionKind.Value,
        ["--iterations"] = OptionKind.Value, ["--seed"] = OptionKind.Value, ["--max-steps"] = OptionKind.Value,
        ["--pct-depth"] = OptionKind.Value, ["--preemption-bound"] = OptionKind.Value, ["--time-budget"] = OptionKind.Value,
        ["--config"] = OptionKind.Value, ["--out"] = OptionKind.Value, ["--workers"] = OptionKind.Value,
        ["--no-lock-order"] = OptionKind.Flag, ["--generated-iterations"] = OptionKind.Value, ["--shrink-seconds"] = OptionKind.Value,
    };

    public static int Run(IReadOnlyList<string> args, TextWriter console)
    {
        var a = ParsedArgs.Parse("run", args, Options, maxPositional: 0);
        var config = Settings.Resolve(a);
        // A filter that names nothing ("", ",,,") is a mistake, not "everything".
        foreach (var filter in new[] { "--scenario", "--mutant" })
        {
            if (a.Has(filter) && a.All(filter).Count == 0) throw new TortureInputException($"run: {filter} names no {filter[2..]} (see 'torture list')");
        }
        var items = Catalog.Campaign(a.All("--scenario"), Catalog.Mutants(a.All("--mutant")), config.GeneratedIterations);
        var generated = config.GeneratedIterations is { } g && items.Any(i => i.Coverage is not null) ? $" (generated: {g:N0})" : "";
        console.WriteLine($"torture run: {items.Count} scenario(s), {config.Exploration.Strategy}, {config.Exploration.Iterations:N0} iterations each{generated}, seed {config.Exploration.Seed}, shrink {(config.ShrinkSeconds > 0 ? $"up to {config.ShrinkSeconds} s" : "off")}, output {config.OutputDirectory}/");
        var outcomes = CampaignRunner.RunAsync(items, config, console).GetAwaiter().GetResult();
        return outcomes.Any(o => o.Result.BugFound) ? 1 : 0;
    }
}
