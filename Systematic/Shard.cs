using System.Globalization;

namespace Torture.Systematic;

/// <summary>
/// --shard k/n: this run explores the k-th of n disjoint parts of the exploration, so n CI jobs
/// share one campaign. Sampling strategies take the iterations whose index is k-1 modulo n (each
/// iteration's seed depends only on the base seed and its index); dfs takes the subtrees under the
/// options of its first branching decision whose position is k-1 modulo n. Together the n shards
/// run exactly the iterations (and, for random, probabilistic and dfs, the schedules) of the unsharded run.
/// </summary>
public readonly record struct Shard(int Index, int Count)
{
    public const int MaxCount = 10_000;

    public bool Owns(long iteration) => iteration % Count == Index - 1;

    /// <summary>Whether option <paramref name="position"/> of dfs's first branching decision is this shard's.</summary>
    public bool OwnsOption(int position) => position % Count == Index - 1;

    public override string ToString() => $"{Index}/{Count}";

    /// <summary>"k/n" with 1 ≤ k ≤ n; anything else is bad input naming <paramref name="what"/>.</summary>
    public static Shard Parse(string text, string what)
    {
        var parts = text.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int k)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n)
            && n >= 1 && n <= MaxCount && k >= 1 && k <= n)
            return new Shard(k, n);
        throw new TortureInputException($"{what} takes k/n with 1 <= k <= n <= {MaxCount} (the k-th of n shards), not '{text}'");
    }
}
