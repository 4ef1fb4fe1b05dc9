using Torture.Campaign;
using Torture.Systematic;

namespace Torture.Cli;

/// <summary>torture run: explore the scenarios and report; exit codes as <see cref="Torture.Reports.ExitCodes"/>.</summary>
public static class RunCommand
{
    public static readonly Dictionary<string, OptionKind> Options = new()
    {
        ["--engine"] = OptionKind.Value, ["--scenario"] = OptionKind.Repeated, ["--mutant"] = OptionKind.Repeated, ["--strategy"] = OptionKind.Value,
        ["--iterations"] = OptionKind.Value, ["--seed"] = OptionKind.Value, ["--max-steps"] = OptionKind.Value,
        ["--pct-depth"] = OptionKind.Value, ["--preemption-bound"] = OptionKind.Value, ["--delay-bound"] = OptionKind.Value, ["--partial-order"] = OptionKind.Value, ["--time-budget"] = OptionKind.Value,
        ["--config"] = OptionKind.Value, ["--out"] = OptionKind.Value, ["--workers"] = OptionKind.Value,
        ["--no-lock-order"] = OptionKind.Flag, ["--weak-memory"] = OptionKind.Value, ["--generated-iterations"] = OptionKind.Value, ["--shrink-seconds"] = OptionKind.Value, ["--status-seconds"] = OptionKind.Value,
        ["--shard"] = OptionKind.Value, ["--assembly"] = OptionKind.Repeated,
        ["--checkpoint"] = OptionKind.Value, ["--resume"] = OptionKind.Value,
        ["--probabilistic-n"] = OptionKind.Value, ["--watchdog-seconds"] = OptionKind.Value, ["--lock-order"] = OptionKind.Value,
    };

    public static int Run(IReadOnlyList<string> args, TextWriter console, System.Threading.CancellationToken cancel = default)
    {
        var a = ParsedArgs.Parse("run", args, Options, maxPositional: 0);
        UserScenarios.Load(a.Names("--assembly"));
        var config = Settings.Resolve(a);
        var items = Catalog.Campaign(a.Names("--scenario"), Catalog.Mutants(a.Names("--mutant")), config.GeneratedIterations);
        var checkpoint = DfsCheckpoints.Check(a, config, items);
        if (a.One("--resume") is { } resume) config = DfsCheckpoints.Resume(resume, config, items[0]);
        // After the arguments are known good: a mistyped name leaves no empty run folder.
        config = config with { OutputDirectory = Torture.Reports.RunFolder.Claim(config.OutputDirectory, config.Exploration.Seed, DateTime.UtcNow, config.Exploration.Shard) };
        var generated = config.GeneratedIterations is { } g && items.Any(i => i.Coverage is not null) ? $" (generated: {g:N0})" : "";
        var budget = config.Exploration.TimeBudget is { } tb ? $", time budget {tb.TotalSeconds:0} s each" : "";
        if (config.Exploration.Shard is { } shard) budget += $", shard {shard}";
        console.WriteLine($"torture run: {items.Count} scenario(s), {(config.Engine == Engines.Systematic ? "" : $"engine {config.Engine}, ")}{config.Exploration.Strategy}, {config.Exploration.Iterations:N0} iterations each{generated}{budget}, seed {config.Exploration.Seed}{(config.Exploration.WeakMemory ? ", weak memory" : "")}, {config.Workers} worker(s), shrink {(config.ShrinkSeconds > 0 ? $"up to {config.ShrinkSeconds} s" : "off")}, config {config.Source}, output {config.OutputDirectory}/");
        var outcomes = CampaignRunner.RunAsync(items, config, console, cancel: cancel).GetAwaiter().GetResult();
        if (checkpoint is not null) DfsCheckpoints.Write(checkpoint, outcomes[0].Result, console);
        return Torture.Reports.RunInfo.Overall(outcomes).ExitCode;
    }
}
