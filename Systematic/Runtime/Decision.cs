namespace Torture.Systematic;

/// <summary>One recorded choice: which thread ran (among an enabled set), or which value a data choice took.</summary>
public readonly record struct Decision(bool IsThread, int Value, ulong Options)
{
    public static Decision Thread(int chosen, ulong enabledMask) => new(true, chosen, enabledMask);
    public static Decision Data(int value, int n) => new(false, value, (ulong)n);

    public int DataRange => (int)Options;

    /// <summary>The enabled thread ids of a thread decision, ascending.</summary>
    public IEnumerable<int> Enabled()
    {
        for (int i = 0; i < 64; i++) if ((Options & (1UL << i)) != 0) yield return i;
    }

    public static string FormatMask(ulong mask) => string.Join(",", new Decision(true, 0, mask).Enabled());
}
