namespace Torture.Invariants;

/// <summary>One PTE change a TLB flush has not covered yet: who made it, when (<c>Kernel.Now</c>), and whether it took the page away.</summary>
internal readonly record struct UnflushedChange(MmStruct Mm, int Va, string Thread, long At, bool Unmapped);

/// <summary>
/// The PTE changes whose TLB flush is still to come: while one is listed, a translation it made stale
/// may still be used. A flush covering the address ends it, and so does the end of the thread that
/// made it, since every operation must flush before it returns (the checkers' window rule).
/// </summary>
internal sealed class UnflushedChanges
{
    private readonly List<UnflushedChange> changes = new();

    public void Add(MmStruct mm, int va, long at = 0, bool unmapped = false) =>
        changes.Add(new UnflushedChange(mm, va, Sched.ThreadName, at, unmapped));

    /// <summary>flush_tlb_range() of [start, end) of the mm completed.</summary>
    public void Flushed(MmStruct mm, int start, int end) =>
        changes.RemoveAll(c => ReferenceEquals(c.Mm, mm) && c.Va >= start && c.Va < end);

    /// <summary>Its operations are over: what the thread changed must have been flushed.</summary>
    public void ThreadEnded(string thread) => changes.RemoveAll(c => c.Thread == thread);

    /// <summary>Some change of (mm, va) is unflushed, and satisfies <paramref name="which"/> when given.</summary>
    public bool Any(MmStruct mm, int va, Func<UnflushedChange, bool>? which = null) =>
        changes.Exists(c => ReferenceEquals(c.Mm, mm) && c.Va == va && (which is null || which(c)));
}
