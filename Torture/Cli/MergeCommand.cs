using Torture.Reports;

namespace Torture.Cli;

/// <summary>torture merge DIR...: the shards' runs (--shard k/n) as one report (junit.xml, results.json, summary.md) and one exit code.</summary>
public static class MergeCommand
{
    internal static readonly Dictionary<string, OptionKind> Options = new() { ["--out"] = OptionKind.Value };

    public static int Run(IReadOnlyList<string> args, TextWriter console)
    {
        var a = ParsedArgs.Parse("merge", args, Options, maxPositional: int.MaxValue);
        var shards = a.Positional.Select(ResultsFile.Load).ToList();
        var (run, outcomes) = ShardMerge.Merge(shards);
        var dir = RunFolder.Claim(a.One("--out") ?? new Campaign.CampaignConfig().OutputDirectory, "merged", DateTime.UtcNow);
        console.WriteLine($"torture merge: {shards.Count} run(s), {outcomes.Count} scenario(s), output {dir}/");
        foreach (var o in outcomes) console.WriteLine(ConsoleReport.Line(o));
        ReportSink.WriteFiles(dir, outcomes, run);
        console.WriteLine(ConsoleReport.Summary(outcomes));
        return RunInfo.Overall(outcomes).ExitCode;
    }
}
