using Torture.Systematic;

namespace Torture.Bench;

/// <summary>Keeps the running thread whenever it can: every decision is made, none switches.</summary>
internal sealed class StayStrategy : IStrategy
{
    public string Name => "stay";
    public bool InitIteration(long iteration, ulong seed) => true;
    public int NextThread(ulong enabled, int current) => current >= 0 ? current : System.Numerics.BitOperations.TrailingZeroCount(enabled);
    public int NextInt(int n) => 0;
}

/// <summary>Always runs another thread than the current one: every decision switches.</summary>
internal sealed class SwitchStrategy : IStrategy
{
    public string Name => "switch";
    public bool InitIteration(long iteration, ulong seed) => true;

    public int NextThread(ulong enabled, int current)
    {
        ulong others = current >= 0 ? enabled & ~(1UL << current) : enabled;
        return System.Numerics.BitOperations.TrailingZeroCount(others);
    }

    public int NextInt(int n) => 0;
}
