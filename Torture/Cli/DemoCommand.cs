using Torture.Campaign;

namespace Torture.Cli;

/// <summary>
/// torture demo: explore the small demonstration programs, each of which has a bug to find; exit 0
/// (SUCCESS) when every one was found. Its files go to a demo/ folder of the output directory, so a
/// demo never overwrites a run's reports.
/// </summary>
public static class DemoCommand
{
    public static int Run(IReadOnlyList<string> args, TextWriter console)
    {
        var a = ParsedArgs.Parse("demo", args, RunCommand.Options, maxPositional: 0);
        var config = Settings.Resolve(a);
        config = config with { OutputDirectory = Torture.Reports.RunFolder.Claim(Path.Combine(config.OutputDirectory, "demo"), config.Exploration.Seed, DateTime.UtcNow) };
        var outcomes = CampaignRunner.RunAsync(Catalog.Demos, config, console, Summary).GetAwaiter().GetResult();
        return outcomes.All(o => o.Result.BugFound) ? 0 : 1;
    }

    private static string Summary(IReadOnlyList<Torture.Reports.ScenarioOutcome> all)
    {
        var missed = all.Where(o => !o.Result.BugFound).Select(o => o.Scenario).ToList();
        return missed.Count == 0
            ? $"SUCCESS: all {all.Count} demonstration bugs found; schedules written"
            : $"FAILURE: no bug found in {string.Join(", ", missed)}";
    }
}
