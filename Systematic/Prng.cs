namespace Torture.Systematic;

/// <summary>
/// SplitMix64: our own generator so a seed means the same stream on every .NET version
/// (System.Random's algorithm is not a compatibility promise).
/// </summary>
public struct Prng
{
    private ulong state;

    public Prng(ulong seed) => state = seed;

    /// <summary>The seed of iteration <paramref name="iteration"/> of a run with base seed <paramref name="baseSeed"/>.</summary>
    public static ulong IterationSeed(ulong baseSeed, long iteration)
    {
        var p = new Prng(baseSeed ^ (0x9E3779B97F4A7C15UL * (ulong)(iteration + 1)));
        return p.NextULong();
    }

    public ulong NextULong()
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, n) without modulo bias.</summary>
    public int Next(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n));
        ulong bound = (ulong)n;
        ulong threshold = (0UL - bound) % bound;
        while (true)
        {
            ulong r = NextULong();
            if (r >= threshold) return (int)(r % bound);
        }
    }

    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));
}
