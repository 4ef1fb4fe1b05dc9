namespace Torture.Systematic;

/// <summary>
/// Dynamic partial-order reduction for the depth-first search (Flanagan and Godefroid, "Dynamic
/// partial-order reduction for model checking software", POPL 2005), with the conservative extra
/// backtrack point of bounded POR (Coons, Musuvathi and McKinley, "Bounded partial-order reduction",
/// OOPSLA 2013) when a preemption bound applies. One run's steps are logged with what each touched;
/// when a step ends, every earlier step of another thread that conflicts with it and is not ordered
/// before it by happens-before (vector clocks) is a race, and the decision before that step gets
/// this thread as an alternative (or, when it could not run there, every thread that could).
/// Sound only for what the runtime sees. A step whose accesses it cannot see conflicts with every
/// step (opaque): a lockless <see cref="Atomic"/> access, a <c>Sched.Yield</c>, a wait on a
/// condition, and every step of a program with step checks (they read the whole state between any
/// two steps). Plain fields must be ordered by Torture locks (data-race free), as the README asks.
/// Simplified: races are taken against every earlier conflicting step, not only the latest, since a
/// step's footprint is only known once it has run (a superset of FG's backtrack sets: more runs, not fewer).
/// </summary>
internal sealed class Dpor(Dpor.IBacktrack tree, bool bounded)
{
    /// <summary>The search tree's side: add an alternative at a decision of the current run.</summary>
    internal interface IBacktrack
    {
        /// <summary>Explore <paramref name="thread"/> at decision <paramref name="node"/> too, unless the bound does not allow it there.</summary>
        void Add(int node, int thread);

        /// <summary>Explore every option of decision <paramref name="node"/>.</summary>
        void AddAll(int node);
    }

    private enum Access : byte { Read, Write, Order }

    private sealed class Step
    {
        public int Thread;
        /// <summary>The decision taken just before this step (-1: only this thread could run).</summary>
        public int Node;
        public ulong Enabled;
        public bool Opaque;
        public int[] Clock = Array.Empty<int>();
        public readonly List<(object Obj, Access How)> Touched = new(2);
    }

    private readonly List<Step> steps = new(256);
    private readonly Dictionary<object, List<int>> byObject = new(ReferenceEqualityComparer.Instance);
    private readonly List<int> opaque = new();
    private readonly List<int[]> clocks = new();
    private Step? open;

    public void Reset()
    {
        steps.Clear();
        byObject.Clear();
        opaque.Clear();
        clocks.Clear();
        open = null;
    }

    /// <summary>A step of <paramref name="t"/> begins with its pending operation.</summary>
    public void Begin(LogicalThread t, int node, ulong enabled, bool allOpaque)
    {
        Close();
        open = new Step { Thread = t.Id, Node = node, Enabled = enabled, Opaque = allOpaque };
        TouchPending(t);
    }

    // A thread's start names the thread itself, which its spawn ordered before it.
    private void TouchPending(LogicalThread t) => Touch(t.PendingOp, t.PendingOp == OpKind.Start ? t : t.PendingObj);

    /// <summary>The running step also does <paramref name="op"/> on <paramref name="obj"/> (null object: unknown memory).</summary>
    public void Touch(OpKind op, object? obj)
    {
        if (open is not { } s || s.Opaque) return;
        switch (op)
        {
            case OpKind.Choose or OpKind.Note: return;
            case OpKind.Start or OpKind.Spawn or OpKind.Exit or OpKind.Join: if (obj is not null) s.Touched.Add((obj, Access.Order)); return;
            // The condition of a wait reads memory nobody names.
            case OpKind.Yield or OpKind.WaitEvent or OpKind.WaitSleep: s.Opaque = true; return;
        }
        if (obj is null) s.Opaque = true;
        else s.Touched.Add((obj, op == OpKind.Load ? Access.Read : Access.Write));
    }

    /// <summary>The run is over: the last step ends, and each thread still waiting races with what it waits for.</summary>
    public void End(IReadOnlyList<LogicalThread> threads)
    {
        Close();
        foreach (var t in threads)
        {
            if (t.State != ThreadState.Alive) continue;
            var pending = new Step { Thread = t.Id, Node = -1 };
            open = pending;
            TouchPending(t);
            open = null;
            Races(pending, ClockOf(t.Id));
        }
    }

    private int[] ClockOf(int thread)
    {
        while (clocks.Count <= thread) clocks.Add(Array.Empty<int>());
        return clocks[thread];
    }

    private void Close()
    {
        if (open is not { } s) return;
        open = null;
        var before = ClockOf(s.Thread);
        var clock = new int[Math.Max(before.Length, s.Thread + 1)];
        before.CopyTo(clock, 0);
        foreach (int i in Races(s, before))
        {
            var c = steps[i].Clock;
            if (c.Length > clock.Length) Array.Resize(ref clock, c.Length);
            for (int k = 0; k < c.Length; k++) clock[k] = Math.Max(clock[k], c[k]);
        }
        clock[s.Thread] = before.Length > s.Thread ? before[s.Thread] + 1 : 1;
        s.Clock = clock;
        clocks[s.Thread] = clock;
        int at = steps.Count;
        steps.Add(s);
        if (s.Opaque) opaque.Add(at);
        foreach (var (obj, _) in s.Touched)
        {
            if (!byObject.TryGetValue(obj, out var list)) byObject[obj] = list = new List<int>();
            if (list.Count == 0 || list[^1] != at) list.Add(at);
        }
    }

    /// <summary>
    /// The earlier steps <paramref name="s"/> conflicts with (its happens-before predecessors); each
    /// of another thread not already before it (<paramref name="before"/>) is a race to reverse.
    /// </summary>
    private List<int> Races(Step s, int[] before)
    {
        var conflicting = Conflicting(s);
        foreach (int i in conflicting)
        {
            var e = steps[i];
            if (e.Thread == s.Thread || HappensBefore(e, before) || OrderOnly(e, s)) continue;
            Reverse(i, s.Thread);
        }
        return conflicting;
    }

    private static bool HappensBefore(Step e, int[] clock) => clock.Length > e.Thread && clock[e.Thread] >= e.Clock[e.Thread];

    // Start after spawn and join after exit order steps but are never reordered: the later one cannot run first.
    private static bool OrderOnly(Step e, Step s) =>
        !e.Opaque && !s.Opaque && e.Touched.All(a => a.How == Access.Order || !s.Touched.Any(b => ReferenceEquals(a.Obj, b.Obj) && Conflict(a.How, b.How)));

    private static bool Conflict(Access a, Access b) => a != Access.Order && b != Access.Order && (a == Access.Write || b == Access.Write);

    private List<int> Conflicting(Step s)
    {
        var found = new List<int>();
        if (s.Opaque)
        {
            for (int i = 0; i < steps.Count; i++) found.Add(i);
            return found;
        }
        var seen = new HashSet<int>();
        foreach (int i in opaque) if (seen.Add(i)) found.Add(i);
        foreach (var (obj, how) in s.Touched)
        {
            if (!byObject.TryGetValue(obj, out var list)) continue;
            foreach (int i in list)
            {
                if (seen.Contains(i)) continue;
                if (steps[i].Touched.Any(a => ReferenceEquals(a.Obj, obj) && (Conflict(a.How, how) || (a.How == Access.Order && how == Access.Order))) && seen.Add(i))
                    found.Add(i);
            }
        }
        return found;
    }

    /// <summary>Let <paramref name="thread"/> run before step <paramref name="i"/>: at the decision before it, and under a bound also at the last context switch before that.</summary>
    private void Reverse(int i, int thread)
    {
        AddAt(i, thread);
        if (!bounded) return;
        for (int k = i - 1; k >= 0; k--)
        {
            if ((k == 0 || steps[k].Thread != steps[k - 1].Thread) && steps[k].Node >= 0)
            {
                AddAt(k, thread);
                return;
            }
        }
    }

    private void AddAt(int i, int thread)
    {
        var e = steps[i];
        // With one thread able to run, every run from here starts with it: nothing to add.
        if (e.Node < 0) return;
        if (Mask.Has(e.Enabled, thread)) tree.Add(e.Node, thread);
        else tree.AddAll(e.Node);
    }
}
