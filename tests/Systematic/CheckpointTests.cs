using Torture.Systematic;
using Xunit;

namespace Torture.Tests.Systematic;

/// <summary>A dfs cut into runs by checkpoints explores every schedule exactly once, and "exhausted" stays a proof.</summary>
public class CheckpointTests
{
    [Theory]
    [InlineData(-1, 25)]
    [InlineData(1, 7)]
    [InlineData(-1, 1)]
    public void RunsCutByCheckpointsExploreTheSpaceOnce(int bound, long perRun)
    {
        var words = new List<string>();
        var program = Programs.Atomics(3, 2, words);
        DfsCheckpoint? checkpoint = null;
        ExplorationResult r;
        int runs = 0;
        do
        {
            // Through the file format, as --checkpoint / --resume go.
            var resume = checkpoint is null ? null : DfsCheckpoint.Parse(checkpoint.ToText(), "test");
            r = Explorer.Explore(program, new ExplorationOptions { Strategy = "dfs", PreemptionBound = bound, Iterations = perRun, ResumeFrom = resume });
            checkpoint = r.Checkpoint;
            runs++;
        } while (!r.Exhausted && runs < 1000);
        var all = Interleavings.All(3, 2, bound);
        Assert.True(r.Exhausted);
        Assert.Null(r.Checkpoint);
        Assert.Equal(all.Count, words.Count);
        Assert.Equal(all.Order(StringComparer.Ordinal), words.Order(StringComparer.Ordinal));
        Assert.Equal((all.Count + perRun - 1) / perRun, runs);
    }

    [Fact]
    public void ACheckpointCountsTheSchedulesOfEveryRun()
    {
        var program = Programs.Atomics(3, 2);
        var first = Explorer.Explore(program, new ExplorationOptions { Strategy = "dfs", Iterations = 30 });
        Assert.Equal(30, first.Checkpoint!.SchedulesDone);
        var second = Explorer.Explore(program, new ExplorationOptions { Strategy = "dfs", Iterations = 30, ResumeFrom = first.Checkpoint });
        Assert.Equal(60, second.Checkpoint!.SchedulesDone);
        Assert.Equal("dfs", second.Checkpoint.Strategy);
    }

    [Fact]
    public void ACheckpointFitsOnlyItsProgramBuildAndBound()
    {
        var c = Explorer.Explore(Programs.Atomics(3, 2), new ExplorationOptions { Strategy = "dfs", PreemptionBound = 1, Iterations = 5 }).Checkpoint!;
        c.CheckFits(Programs.Atomics(3, 2), "dfs(preemptions<=1)", "f");
        Assert.Contains("program 'atomics-3x2', not 'atomics-2x2'", Assert.Throws<TortureInputException>(() => c.CheckFits(Programs.Atomics(2, 2), "dfs(preemptions<=1)", "f")).Message);
        Assert.Contains("for dfs(preemptions<=1), not dfs", Assert.Throws<TortureInputException>(() => c.CheckFits(Programs.Atomics(3, 2), "dfs", "f")).Message);
        var other = c with { Fingerprint = "0000" };
        Assert.Contains("another build", Assert.Throws<TortureInputException>(() => other.CheckFits(Programs.Atomics(3, 2), "dfs(preemptions<=1)", "f")).Message);
        Assert.StartsWith("f: not a dfs checkpoint", Assert.Throws<TortureInputException>(() => DfsCheckpoint.Parse("{ nope", "f")).Message);
        Assert.StartsWith("f: not a dfs checkpoint", Assert.Throws<TortureInputException>(() => DfsCheckpoint.Parse("{}", "f")).Message);
    }
}
