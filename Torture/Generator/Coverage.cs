using Torture.Model;
using Torture.Systematic;

namespace Torture.Generator;

/// <summary>
/// What a campaign of generated programs exercised: how often each operation ran, which pairs of
/// operations ran at the same time in different threads (one had begun and not ended when the other
/// began), and which listener callbacks the core made. Sorted collections: reports list them in order.
/// </summary>
public sealed class Coverage
{
    public SortedDictionary<string, long> Operations { get; } = new(StringComparer.Ordinal);
    public SortedSet<string> ConcurrentPairs { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, long> Callbacks { get; } = new(StringComparer.Ordinal);
    public long Programs { get; internal set; }

    public static string Pair(string a, string b) => string.CompareOrdinal(a, b) <= 0 ? $"{a} || {b}" : $"{b} || {a}";

    /// <summary>Every unordered pair of thread operations (an operation with itself included).</summary>
    public static IReadOnlyList<string> AllPairs()
    {
        var names = OperationCatalog.ThreadOps.Select(o => o.Name).ToList();
        var pairs = new List<string>();
        for (int i = 0; i < names.Count; i++)
            for (int j = i; j < names.Count; j++) pairs.Add(Pair(names[i], names[j]));
        return pairs;
    }

    internal void Ran(string op) => Operations[op] = Operations.GetValueOrDefault(op) + 1;

    /// <summary>Counts the callbacks each listener kind received.</summary>
    internal IKernelObserver CallbackCounter() => new Counter(this);

    private sealed class Counter(Coverage c) : IKernelObserver
    {
        public void CallbackBegin(MmuNotifier sub, MmuNotifierOp op, MmuNotifierRange? range) => Count($"{sub.Ops?.GetType().Name ?? "none"}.{op}");

        public void IntervalInvalidateBegin(MmuIntervalNotifier sub, MmuNotifierRange range) => Count($"{sub.Ops.GetType().Name}.Invalidate");

        private void Count(string key) => c.Callbacks[key] = c.Callbacks.GetValueOrDefault(key) + 1;
    }
}

/// <summary>One iteration's operation spans in a logical clock of begin and end events, to tell which overlapped.</summary>
internal sealed class OperationClock(Coverage coverage)
{
    private readonly List<(int Thread, string Op, long Begin, long End)> spans = new();
    // The iteration's threads call in from their own bodies: on real threads, at the same time.
    private readonly NativeLock updating = new();
    private long tick;

    public int Begin(int thread, string op)
    {
        using var _ = updating.Hold();
        coverage.Ran(op);
        spans.Add((thread, op, tick++, long.MaxValue));
        return spans.Count - 1;
    }

    public void End(int span)
    {
        using var _ = updating.Hold();
        var me = spans[span] with { End = tick++ };
        spans[span] = me;
        foreach (var other in spans)
        {
            if (other.Thread != me.Thread && other.Begin < me.End && other.End > me.Begin)
                coverage.ConcurrentPairs.Add(Coverage.Pair(me.Op, other.Op));
        }
    }
}
