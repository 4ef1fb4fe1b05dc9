namespace Torture.Systematic;

/// <summary>Uniform choice among the enabled threads at every step, seeded per iteration.</summary>
public sealed class RandomStrategy : IStrategy
{
    private Prng rng;

    public string Name => "random";

    public bool InitIteration(long iteration, ulong seed)
    {
        rng = new Prng(seed);
        return true;
    }

    public int NextThread(ulong enabled, int current) => Mask.Uniform(ref rng, enabled);

    public int NextInt(int n) => rng.Next(n);
}
