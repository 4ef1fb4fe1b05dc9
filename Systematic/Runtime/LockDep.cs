namespace Torture.Systematic;

/// <summary>
/// Lock-order checking like the kernel's lockdep: it orders lock classes (not instances) across
/// every iteration of a run, and reports an acquisition that closes a cycle even when this
/// interleaving did not deadlock. Same-class nesting is allowed only under a nest lock
/// (down_write_nest_lock).
/// </summary>
public sealed class LockDep
{
    private readonly Dictionary<string, int> classIds = new();
    private readonly List<string> classNames = new();
    private readonly List<List<int>> successors = new();
    private readonly Dictionary<(int, int), string> witness = new();

    /// <summary>Iteration index stamped on the witnesses of new edges.</summary>
    public long Iteration { get; set; }

    public int EdgeCount => witness.Count;

    /// <summary>Add an edge observed elsewhere (a schedule file's recorded prior order).</summary>
    public void Seed(LockEdge edge) => AddEdge(Id(edge.From), Id(edge.To), edge.Witness);

    /// <summary>The key lockdep orders a lock by: its class, or class/subclass for down_write_nested() and friends.</summary>
    internal static string Key(string className, int subclass) => subclass == 0 ? className : $"{className}/{subclass}";

    /// <summary>Check and record an acquisition of <paramref name="l"/> (as <paramref name="key"/>) by <paramref name="t"/>; a report when it closes a cycle.</summary>
    internal Bug? Acquire(LogicalThread t, ILockObject l, ILockObject? nest, long step, string key)
    {
        int to = Id(key);
        foreach (var h in t.Held)
        {
            var held = h.Lock;
            int from = Id(h.Key);
            if (from == to)
            {
                if (nest is not null && t.Holds(nest)) continue;
                return new Bug(BugKind.LockOrderInversion, "lockdep",
                    $"possible recursive locking: {t.ThreadName} acquires {key} while already holding {held.Name} of the same class, with no nest lock or subclass [held: {Chain(t)}]",
                    t.ThreadName, step);
            }
            if (witness.ContainsKey((from, to))) continue;
            var back = Path(to, from);
            if (back is not null)
            {
                var prior = new List<LockEdge>();
                var earlier = new List<string>();
                for (int i = 0; i + 1 < back.Count; i++)
                {
                    prior.Add(new LockEdge(classNames[back[i]], classNames[back[i + 1]], witness[(back[i], back[i + 1])]));
                    earlier.Add($"{classNames[back[i]]} -> {classNames[back[i + 1]]} ({witness[(back[i], back[i + 1])]})");
                }
                return new Bug(BugKind.LockOrderInversion, "lockdep",
                    $"lock order inversion: {t.ThreadName} acquires {key} while holding {h.Key} [held: {Chain(t)}], " +
                    $"but the opposite order was established: {string.Join("; ", earlier)}",
                    t.ThreadName, step) { PriorLockEdges = prior };
            }
            AddEdge(from, to, $"{t.ThreadName} held [{Chain(t)}], iteration {Iteration} step {step}");
        }
        return null;
    }

    private static string Chain(LogicalThread t) => string.Join(", ", t.Held.Select(h => h.Key));

    private int Id(string cls)
    {
        if (classIds.TryGetValue(cls, out var id)) return id;
        id = classNames.Count;
        classIds[cls] = id;
        classNames.Add(cls);
        successors.Add(new List<int>());
        return id;
    }

    private void AddEdge(int from, int to, string why)
    {
        if (witness.TryAdd((from, to), why)) successors[from].Add(to);
    }

    /// <summary>A path from <paramref name="from"/> to <paramref name="to"/> (breadth first, in insertion order, so deterministic).</summary>
    private List<int>? Path(int from, int to)
    {
        var parent = new Dictionary<int, int> { [from] = -1 };
        var queue = new Queue<int>();
        queue.Enqueue(from);
        while (queue.Count > 0)
        {
            int n = queue.Dequeue();
            if (n == to)
            {
                var path = new List<int>();
                for (int x = to; x != -1; x = parent[x]) path.Add(x);
                path.Reverse();
                return path;
            }
            foreach (var s in successors[n])
            {
                if (parent.TryAdd(s, n)) queue.Enqueue(s);
            }
        }
        return null;
    }
}
