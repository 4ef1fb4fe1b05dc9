namespace Torture.Model;

/// <summary>
/// A memslot's life as the active memslots show it: a deletion first swaps in an invalid copy, which
/// invalidations still see (so they still zap what it maps) and faults refuse, flushes its SPTEs, then removes it.
/// </summary>
public enum MemslotState { Present, Invalid, Absent }
