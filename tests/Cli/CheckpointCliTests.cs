using Xunit;

namespace Torture.Tests.Cli;

/// <summary>torture run --checkpoint / --resume: an exhaustive search of one scenario in several runs.</summary>
public class CheckpointCliTests
{
    [Fact]
    public void ADfsStoppedByItsBudgetGoesOnFromItsCheckpointToExhaustion()
    {
        using var cli = new CliHarness();
        var file = cli.Path("fault-vs-zap.dfs");
        string[] common = { "run", "--scenario", "fault-vs-zap", "--strategy", "dfs", "--preemption-bound", "2", "--out", cli.Path("out"), "--checkpoint", file };
        var (code, output, err) = cli.Run(common.Concat(new[] { "--iterations", "50" }).ToArray());
        Assert.True(code == 4, output + err);   // incomplete: dfs stopped with schedules left
        Assert.Contains($"checkpoint: {file} (50 schedules so far); go on with --resume {file}", output);
        (code, output, err) = cli.Run(common.Concat(new[] { "--iterations", "100000", "--resume", file }).ToArray());
        Assert.True(code == 0, output + err);
        Assert.Contains("nothing is left to explore", output);
        // The two runs together are the one uninterrupted search.
        var (_, whole, _) = cli.Run("run", "--scenario", "fault-vs-zap", "--strategy", "dfs", "--preemption-bound", "2", "--iterations", "100000", "--out", cli.Path("out"));
        long Exhausted(string text) => long.Parse(System.Text.RegularExpressions.Regex.Match(text, @"EXHAUSTED: every schedule within \S+ explored \(([\d,]+)\)").Groups[1].Value.Replace(",", ""));
        Assert.Equal(Exhausted(whole), 50 + Exhausted(output));
    }

    [Fact]
    public void TheFlagsAreRefusedWhereTheyDoNotFit()
    {
        using var cli = new CliHarness();
        var (code, _, err) = cli.Run("run", "--scenario", "fault-vs-zap", "--checkpoint", cli.Path("c"));
        CliHarness.AssertOneLineError(code, err, "--checkpoint is for our engine's dfs");
        (code, _, err) = cli.Run("run", "--strategy", "dfs", "--checkpoint", cli.Path("c"));
        CliHarness.AssertOneLineError(code, err, "needs exactly one scenario");
        (code, _, err) = cli.Run("run", "--scenario", "fault-vs-zap", "--strategy", "dfs", "--resume", cli.Path("missing"));
        CliHarness.AssertOneLineError(code, err, "cannot read");
        var bad = cli.Write("bad.dfs", "not json");
        (code, _, err) = cli.Run("run", "--scenario", "fault-vs-zap", "--strategy", "dfs", "--resume", bad);
        CliHarness.AssertOneLineError(code, err, "not a dfs checkpoint");
        var file = cli.Path("c.dfs");
        cli.Run("run", "--scenario", "fault-vs-zap", "--strategy", "dfs", "--preemption-bound", "2", "--iterations", "5", "--out", cli.Path("out"), "--checkpoint", file);
        (code, _, err) = cli.Run("run", "--scenario", "fault-vs-zap", "--strategy", "dfs", "--preemption-bound", "1", "--resume", file, "--out", cli.Path("out"));
        CliHarness.AssertOneLineError(code, err, "not dfs(preemptions<=1)");
        (code, _, err) = cli.Run("run", "--scenario", "fault-vs-reclaim", "--strategy", "dfs", "--preemption-bound", "2", "--resume", file, "--out", cli.Path("out"));
        CliHarness.AssertOneLineError(code, err, "not 'fault-vs-reclaim'");
    }
}
