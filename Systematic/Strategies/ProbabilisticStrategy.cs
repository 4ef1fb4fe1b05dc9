namespace Torture.Systematic;

/// <summary>
/// Coyote's probabilistic random walk: keep running the current thread, and switch to a uniformly
/// chosen other one with probability 1/2^N at each step, giving long uninterrupted runs.
/// </summary>
public sealed class ProbabilisticStrategy : IStrategy
{
    private readonly int n;
    private readonly double switchProbability;
    private Prng rng;

    public ProbabilisticStrategy(int n = 3)
    {
        if (n < 0 || n > 30) throw new ArgumentOutOfRangeException(nameof(n));
        this.n = n;
        switchProbability = 1.0 / (1 << n);
    }

    public string Name => $"probabilistic(n={n})";

    public bool InitIteration(long iteration, ulong seed)
    {
        rng = new Prng(seed);
        return true;
    }

    public int NextThread(ulong enabled, int current)
    {
        if (current < 0) return Mask.Uniform(ref rng, enabled);
        if (rng.NextDouble() >= switchProbability) return current;
        return Mask.Uniform(ref rng, enabled & ~(1UL << current));
    }

    public int NextInt(int n) => rng.Next(n);
}
