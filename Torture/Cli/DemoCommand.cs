using Torture.Campaign;

namespace Torture.Cli;

/// <summary>torture demo: explore the small demonstration programs, each of which has a bug to find; exit 0 when every one was found.</summary>
public static class DemoCommand
{
    public static int Run(IReadOnlyList<string> args, TextWriter console)
    {
        var a = ParsedArgs.Parse("demo", args, RunCommand.Options, maxPositional: 0);
        var config = Settings.Resolve(a);
        var outcomes = CampaignRunner.RunAsync(Catalog.Demos, config, console).GetAwaiter().GetResult();
        return outcomes.All(o => o.Result.BugFound) ? 0 : 1;
    }
}
