namespace Torture.Invariants;

/// <summary>§6.4: an EXCLUSIVE or MIGRATE invalidation a listener started itself (range owner = the listener) is one it may skip.</summary>
internal static class OwnInvalidation
{
    public static bool Of(MmuNotifierRange range, object? listener) =>
        range.Event is MmuNotifierEvent.Exclusive or MmuNotifierEvent.Migrate && ReferenceEquals(range.Owner, listener);
}
