namespace Torture.Invariants;

/// <summary>
/// What an invariant tracks per notifier, created on first sight and kept in that order (a list,
/// not a hash, so checks and messages come out the same every run).
/// </summary>
internal sealed class PerNotifier<T>(Func<MmuNotifier, T> create) where T : class
{
    private readonly List<(MmuNotifier Sub, T State)> items = new();

    public T For(MmuNotifier sub)
    {
        foreach (var (s, state) in items) if (ReferenceEquals(s, sub)) return state;
        var fresh = create(sub);
        items.Add((sub, fresh));
        return fresh;
    }

    public IEnumerable<T> All => items.Select(i => i.State);
}
