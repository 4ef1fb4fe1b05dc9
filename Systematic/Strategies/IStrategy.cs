using System.Numerics;

namespace Torture.Systematic;

/// <summary>
/// The whole contract between the scheduler and an exploration strategy: start an iteration
/// (or say there is nothing left), pick a thread among the enabled ones, pick a data value.
/// </summary>
public interface IStrategy
{
    /// <summary>Name as printed and recorded, with its parameters: "pct(d=3)".</summary>
    string Name { get; }

    /// <summary>Prepare iteration <paramref name="iteration"/>; false when the strategy has nothing left to explore.</summary>
    bool InitIteration(long iteration, ulong seed);

    /// <summary>Pick one of the enabled thread ids (bits of <paramref name="enabled"/>; at least two are set).</summary>
    /// <param name="current">The thread that ran last, when it is enabled; otherwise -1.</param>
    int NextThread(ulong enabled, int current);

    /// <summary>Pick a value in [0, n) for a nondeterministic data choice (n ≥ 2).</summary>
    int NextInt(int n);

    /// <summary>The iteration ended after <paramref name="threadDecisions"/> thread decisions.</summary>
    void EndIteration(int threadDecisions) { }

    /// <summary>
    /// The iteration just run was only a probe for another shard's part (dfs: this shard's options of
    /// the first branching decision do not exist): it is not counted, and nothing is left to explore.
    /// </summary>
    bool ForeignIteration => false;

    /// <summary>The strategy splits its own space by shard (dfs); otherwise the explorer skips other shards' iterations.</summary>
    bool ShardsItself => false;
}

internal static class Mask
{
    public static int Count(ulong m) => BitOperations.PopCount(m);

    /// <summary>The k-th set bit (0-based) of the mask.</summary>
    public static int Nth(ulong m, int k)
    {
        for (int i = 0; i < k; i++) m &= m - 1;
        return BitOperations.TrailingZeroCount(m);
    }

    public static bool Has(ulong m, int id) => id >= 0 && (m & (1UL << id)) != 0;

    public static int Uniform(ref Prng rng, ulong m) => Nth(m, rng.Next(Count(m)));

    /// <summary>The set bits of the mask in round-robin order, starting at bit <paramref name="start"/> (taken modulo 64).</summary>
    public static IEnumerable<int> Cyclic(ulong m, int start)
    {
        for (int i = 0; i < 64; i++)
        {
            int id = (start + i) & 63;
            if (Has(m, id)) yield return id;
        }
    }
}
