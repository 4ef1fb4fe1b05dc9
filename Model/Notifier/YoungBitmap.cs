namespace Torture.Model;

/// <summary>
/// The proposal's <c>unsigned long *bitmap</c> over [Start, End): bit i is the page Start + i. For
/// test_young the listener sets the bits of the pages it found young; for clear_young the caller sets
/// the bits of the pages to clear.
/// </summary>
public sealed class YoungBitmap
{
    public YoungBitmap(int start, int end)
    {
        if (end - start is < 1 or > 64) throw new ArgumentOutOfRangeException(nameof(end), $"a bitmap of [{start},{end}) does not fit one word");
        Start = start;
        End = end;
    }

    public int Start { get; }
    public int End { get; }

    /// <summary>The word itself; a listener that indexes it wrongly writes here directly.</summary>
    public ulong Bits { get; set; }

    public bool Test(int va) => va >= Start && va < End && (Bits >> (va - Start) & 1) != 0;

    public void Set(int va) => Bits |= 1UL << (va - Start);

    public override string ToString() =>
        $"[{Start},{End}):{string.Concat(Enumerable.Range(Start, End - Start).Select(va => Test(va) ? '1' : '0'))}";
}
