using System.Text.Json;
using Torture.Model;
using Xunit;

namespace Torture.Tests.Cli;

/// <summary>torture run --shard k/n on CI matrix jobs, torture merge of their folders: one report, one exit code.</summary>
public class ShardMergeCliTests
{
    private static JsonElement Row(string dir, int at = 0)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "results.json")));
        return doc.RootElement.GetProperty("scenarios")[at].Clone();
    }

    [Fact]
    public void MergedDfsShardsAreExhaustedWithTheUnshardedScheduleCount()
    {
        using var cli = new CliHarness();
        string[] dfs = { "--scenario", "fault-vs-zap", "--strategy", "dfs", "--preemption-bound", "1", "--iterations", "100000" };
        Assert.Equal(0, cli.Run(new[] { "run" }.Concat(dfs).Concat(new[] { "--out", cli.Path("all") }).ToArray()).Code);
        var shards = new List<string>();
        // Two shards: the scenario's first decision is between two threads, so each has a subtree.
        for (int k = 1; k <= 2; k++)
        {
            var (code, output, _) = cli.Run(new[] { "run" }.Concat(dfs).Concat(new[] { "--shard", $"{k}/2", "--out", cli.Path($"s{k}") }).ToArray());
            Assert.Equal(0, code);
            Assert.Contains($"shard {k}/2", output);
            shards.Add(cli.Path($"s{k}"));
        }
        var merged = cli.Run(new[] { "merge" }.Concat(shards).Concat(new[] { "--out", cli.Path("merged") }).ToArray());
        Assert.Equal(0, merged.Code);
        Assert.Contains("EXHAUSTED", merged.Out);
        var all = Row(CliHarness.LatestRun(cli.Path("all")));
        var sum = Row(CliHarness.LatestRun(cli.Path("merged")));
        Assert.Equal(all.GetProperty("iterations").GetInt64(), sum.GetProperty("iterations").GetInt64());
        Assert.True(sum.GetProperty("exhausted").GetBoolean());
        Assert.True(shards.All(s => Row(CliHarness.LatestRun(s)).GetProperty("iterations").GetInt64() > 0));
        JUnitSchemaTests.Validate(Path.Combine(CliHarness.LatestRun(cli.Path("merged")), "junit.xml"));
    }

    [Fact]
    public void ABugInOneShardMakesTheMergedRunABugWithItsSchedule()
    {
        using var cli = new CliHarness();
        var dirs = new List<string>();
        for (int k = 1; k <= 2; k++)
        {
            cli.Run("run", "--scenario", "fault-vs-zap", "--mutant", nameof(Mutant.KvmNoRetryCheck), "--shrink-seconds", "0", "--shard", $"{k}/2", "--out", cli.Path($"s{k}"));
            dirs.Add(CliHarness.LatestRun(cli.Path($"s{k}")));   // a run's own folder works as well as its output folder
        }
        var (code, output, _) = cli.Run(new[] { "merge" }.Concat(dirs).Concat(new[] { "--out", cli.Path("merged") }).ToArray());
        Assert.Equal(1, code);
        Assert.Contains("BUG", output);
        var row = Row(CliHarness.LatestRun(cli.Path("merged")));
        Assert.Equal("bug", row.GetProperty("result").GetString());
        Assert.Equal("I2 NoStaleSecondary", row.GetProperty("bug").GetProperty("check").GetString());
        var schedule = row.GetProperty("schedule").GetString()!;
        Assert.True(File.Exists(schedule));
        Assert.Equal(1, cli.Run("replay", schedule).Code);
    }

    [Theory]
    [InlineData("0/2", "k/n")]
    [InlineData("3/2", "k/n")]
    [InlineData("half", "k/n")]
    public void ABadShardIsOneLine(string shard, string mentions)
    {
        using var cli = new CliHarness();
        var (code, _, err) = cli.Run("run", "--scenario", "fault-vs-zap", "--shard", shard, "--out", cli.Path("o"));
        CliHarness.AssertOneLineError(code, err, mentions);
    }

    [Fact]
    public void OnlyOurEngineShardsAndMergeNeedsRuns()
    {
        using var cli = new CliHarness();
        var (code, _, err) = cli.Run("run", "--engine", "coyote", "--scenario", "fault-vs-zap", "--shard", "1/2", "--out", cli.Path("o"));
        CliHarness.AssertOneLineError(code, err, "has no shards");
        (code, _, err) = cli.Run("merge");
        CliHarness.AssertOneLineError(code, err, "give the folders");
        (code, _, err) = cli.Run("merge", cli.Path("nothing-here"));
        CliHarness.AssertOneLineError(code, err, "no results.json");
    }
}
