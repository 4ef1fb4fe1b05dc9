namespace Torture.Systematic;

/// <summary>
/// Selectively uniform random walk (Zhao, Wolff, Mathur and Roychoudhury, "Selectively Uniform
/// Concurrency Testing", ASPLOS 2025). A plain random walk schedules a thread with few events early
/// almost always: with one event against another thread's ten, it runs first half the time. SURW
/// samples the order of a chosen set of "interesting" events uniformly over their interleavings: the
/// next interesting event goes to a thread with probability proportional to how many interesting
/// events it has left, learned from earlier iterations; every other event is scheduled by a uniform
/// random walk, and a thread whose interesting event is not the one drawn waits until it has run.
/// What is simplified here: an event is a primitive's operation or a <c>Sched.Yield</c>, which names
/// no object and stands for a lockless access of unknown memory: all yields are one pseudo-object, as
/// in <see cref="PosStrategy"/>; objects are told apart across iterations by name, the interesting
/// events are the operations on a random nonempty subset of the objects two threads used in earlier
/// iterations (each such object in with probability 1/2, drawn per iteration), and a thread's count
/// is what it did in the last iteration, less what it has reached in this one (at least 1 while one is pending).
/// </summary>
public sealed class SurwStrategy : IStrategy, IPendingAware, IStepAware
{
    private const int MaxThreads = 64;
    private Prng rng;
    private IReadOnlyList<LogicalThread>? threads;
    /// <summary>Objects two threads used in some iteration, in the order first seen (drawn from in order: deterministic).</summary>
    private readonly List<string> shared = new();
    private readonly HashSet<string> sharedSet = new(StringComparer.Ordinal);
    private readonly HashSet<string> interesting = new(StringComparer.Ordinal);
    /// <summary>Per thread, its operations on each object: last iteration's and this one's.</summary>
    private Dictionary<string, int>[] last = NewCounts(), now = NewCounts();
    /// <summary>Per thread: interesting events last iteration, and those reached so far in this one.</summary>
    private readonly int[] estimate = new int[MaxThreads], reached = new int[MaxThreads];
    /// <summary>Per thread, the object of its first operation: last iteration's and this one's (null: an operation on none).</summary>
    private string?[] firstLast = new string?[MaxThreads], firstNow = new string?[MaxThreads];
    private ulong started;
    private ulong blocked;
    private int intended = -1;

    public string Name => "surw";

    private static Dictionary<string, int>[] NewCounts()
    {
        var a = new Dictionary<string, int>[MaxThreads];
        for (int i = 0; i < a.Length; i++) a[i] = new Dictionary<string, int>(StringComparer.Ordinal);
        return a;
    }

    public bool InitIteration(long iteration, ulong seed)
    {
        rng = new Prng(seed);
        interesting.Clear();
        foreach (var name in shared)
        {
            if (rng.Next(2) == 1) interesting.Add(name);
        }
        if (interesting.Count == 0 && shared.Count > 0) interesting.Add(shared[rng.Next(shared.Count)]);
        for (int t = 0; t < MaxThreads; t++)
        {
            int w = 0;
            foreach (var name in interesting) w += last[t].GetValueOrDefault(name);
            estimate[t] = w;
            reached[t] = 0;
            now[t].Clear();
        }
        Array.Clear(firstNow);
        started = 0;
        blocked = 0;
        intended = -1;
        return true;
    }

    void IPendingAware.Pending(IReadOnlyList<LogicalThread> all) => threads = all;

    public int NextThread(ulong enabled, int current)
    {
        var all = threads!;
        while (true)
        {
            ulong candidates = enabled & ~blocked;
            if (candidates == 0)
            {
                // Every candidate waits for one that cannot run now: start the draw again.
                blocked = 0;
                intended = -1;
                candidates = enabled;
            }
            int t = Mask.Uniform(ref rng, candidates);
            if (!Interesting(all[t])) return t;
            if (intended < 0) intended = Weighted(all, candidates, t);
            if (t == intended)
            {
                blocked = 0;
                intended = -1;
                return t;
            }
            blocked |= 1UL << t;   // not its turn: it waits while the others run
        }
    }

    // A thread's start runs its first operation with it: the start is interesting when that
    // operation was, the last time the thread ran.
    private bool Interesting(LogicalThread t) =>
        (t.PendingOp == OpKind.Start ? firstLast[t.Id] : Key(t.PendingOp, t.PendingObj)) is { } o && interesting.Contains(o);

    private const string Lockless = "(yield)";

    private static string? Key(OpKind op, ISyncObject? obj) => obj?.Name ?? (op == OpKind.Yield ? Lockless : null);

    /// <summary>Interesting events <paramref name="t"/> has left, its pending one included.</summary>
    private int Left(LogicalThread t)
    {
        int pending = Interesting(t) ? 1 : 0;
        // A pending operation was reached already (counted); a start's first operation was not.
        int unreached = t.PendingOp == OpKind.Start ? 0 : pending;
        return Math.Max(estimate[t.Id] - reached[t.Id] + unreached, pending);
    }

    /// <summary>The thread whose interesting event is next, by events left; <paramref name="fallback"/> when none has any.</summary>
    private int Weighted(IReadOnlyList<LogicalThread> all, ulong candidates, int fallback)
    {
        int total = 0;
        for (ulong m = candidates; m != 0; m &= m - 1) total += Left(all[System.Numerics.BitOperations.TrailingZeroCount(m)]);
        if (total == 0) return fallback;
        int at = rng.Next(total);
        for (ulong m = candidates; m != 0; m &= m - 1)
        {
            int id = System.Numerics.BitOperations.TrailingZeroCount(m);
            int left = Left(all[id]);
            if (at < left) return id;
            at -= left;
        }
        return fallback;
    }

    void IStepAware.Reached(LogicalThread t, OpKind op, ISyncObject? obj)
    {
        if (t.Id >= MaxThreads) return;
        bool first = (started & (1UL << t.Id)) == 0;
        started |= 1UL << t.Id;
        if (Key(op, obj) is not { } name) return;
        if (first) firstNow[t.Id] = name;
        now[t.Id][name] = now[t.Id].GetValueOrDefault(name) + 1;
        if (interesting.Contains(name)) reached[t.Id]++;
    }

    public int NextInt(int n) => rng.Next(n);

    private bool UsedByTwo(string name)
    {
        int users = 0;
        foreach (var counts in now)
        {
            if (counts.ContainsKey(name) && ++users == 2) return true;
        }
        return false;
    }

    public void EndIteration(int threadDecisions)
    {
        // What this iteration used is the estimate for the next; newly shared objects are added by
        // thread, then name, so the draw above visits them in a fixed order.
        for (int t = 0; t < MaxThreads; t++)
        {
            foreach (var (name, _) in now[t].OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                if (!sharedSet.Contains(name) && UsedByTwo(name)) { sharedSet.Add(name); shared.Add(name); }
            }
        }
        (last, now) = (now, last);
        (firstLast, firstNow) = (firstNow, firstLast);
    }
}
