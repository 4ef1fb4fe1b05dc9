using Torture.Systematic;
using Xunit;

namespace Torture.Tests.Systematic;

/// <summary>--shard k/n: the shards' parts are disjoint and together are exactly the unsharded exploration.</summary>
public class ShardTests
{
    private static (ExplorationResult Result, List<string> Words) Explore(string strategy, long iterations, Shard? shard, int threads = 3, int ops = 2, int bound = -1)
    {
        var words = new List<string>();
        var r = Explorer.Explore(Programs.Atomics(threads, ops, words),
            new ExplorationOptions { Strategy = strategy, Iterations = iterations, Seed = 7, PreemptionBound = bound, Shard = shard });
        return (r, words);
    }

    [Theory]
    [InlineData("random", 2)]
    [InlineData("random", 3)]
    [InlineData("probabilistic", 4)]
    public void SamplingShardsRunTheUnshardedIterationsOneForOne(string strategy, int n)
    {
        var (all, words) = Explore(strategy, 300, null);
        var shards = Enumerable.Range(1, n).Select(k => Explore(strategy, 300, new Shard(k, n))).ToList();
        Assert.Equal(all.Iterations, shards.Sum(s => s.Result.Iterations));
        // Iteration i is shard (i mod n)'s, with the same seed, so it interleaves the same way.
        for (int i = 0; i < words.Count; i++) Assert.Equal(words[i], shards[i % n].Words[i / n]);
    }

    [Theory]
    [InlineData(2, -1)]
    [InlineData(3, 1)]
    [InlineData(5, 2)]   // more shards than the first decision has options: two shards have nothing to do
    public void DfsShardsTogetherExhaustExactlyTheUnshardedTree(int n, int bound)
    {
        var (all, words) = Explore("dfs", 100_000, null, bound: bound);
        Assert.True(all.Exhausted);
        var shards = Enumerable.Range(1, n).Select(k => Explore("dfs", 100_000, new Shard(k, n), bound: bound)).ToList();
        Assert.All(shards, s => Assert.True(s.Result.Exhausted));
        Assert.Equal(all.Iterations, shards.Sum(s => s.Result.Iterations));
        var union = shards.SelectMany(s => s.Result.Iterations == 0 ? new List<string>() : s.Words).ToList();
        Assert.Equal(words.Order(StringComparer.Ordinal), union.Order(StringComparer.Ordinal));
        if (n > 3) Assert.Contains(shards, s => s.Result.Iterations == 0);
    }

    [Fact]
    public void PctShardsTakeDisjointIterationsAndAreDeterministic()
    {
        var one = Explore("pct", 200, new Shard(2, 4));
        var again = Explore("pct", 200, new Shard(2, 4));
        Assert.Equal(50, one.Result.Iterations);
        Assert.Equal(one.Words, again.Words);
    }

    [Theory]
    [InlineData("0/3")]
    [InlineData("4/3")]
    [InlineData("1/0")]
    [InlineData("1-3")]
    [InlineData("a/b")]
    [InlineData("")]
    public void AShardThatIsNotKOfNIsBadInput(string text)
    {
        var e = Assert.Throws<TortureInputException>(() => Shard.Parse(text, "--shard"));
        Assert.Contains("k/n", e.Message);
    }
}
