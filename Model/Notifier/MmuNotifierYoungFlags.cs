namespace Torture.Model;

/// <summary>
/// The return flags of the young ops in the 2024 bitmap proposal (seed 002; not merged): bit 0 is what
/// mainline's int already means. See Model/README.md, "Aging", for what a caller may conclude from each.
/// </summary>
[Flags]
public enum MmuNotifierYoungFlags
{
    None = 0,
    /// <summary>MMU_NOTIFIER_YOUNG: some page of the range was young (mainline's return of 1).</summary>
    Young = 1 << 0,
    /// <summary>MMU_NOTIFIER_YOUNG_BITMAP_UNRELIABLE: "the passed-in bitmap either does not accurately represent the age of the pages, or was not able to be used to completely clear the age/access bit".</summary>
    BitmapUnreliable = 1 << 1,
    /// <summary>MMU_NOTIFIER_YOUNG_FAST: a bitmap "would have been supported for this address range": the listener harvests without blocking, so look-around with a bitmap pays.</summary>
    Fast = 1 << 2,
}
