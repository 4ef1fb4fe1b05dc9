namespace Torture.Systematic;

/// <summary>
/// include/linux/sched.h: non_block_start()/non_block_end(), the debug counter that makes
/// might_sleep() complain in a section the caller promised will not sleep (the non-blockable mmu
/// notifier callbacks). One per logical thread, so an abandoned iteration leaves none behind.
/// </summary>
internal sealed class NonBlockState
{
    public int Depth;
    /// <summary>What opened the outermost section, for the report.</summary>
    public string? Why;
}
