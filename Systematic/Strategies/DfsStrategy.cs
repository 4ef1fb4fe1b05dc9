namespace Torture.Systematic;

/// <summary>
/// Exhaustive depth-first search over every thread and data choice, stateless: each iteration
/// replays the prefix of the previous one and takes the next untried branch at the deepest point.
/// With a preemption bound (CHESS iterative context bounding) a schedule may switch away from a
/// still-enabled thread at most that many times. When it runs out, the space within the bound is
/// exhausted: every schedule in it was run exactly once. With a delay bound instead (Emmi, Qadeer and
/// Rakamarić, "Delay-bounded scheduling", POPL 2011) the default schedule is non-preemptive round
/// robin, and taking the k-th enabled thread after the one round robin would run costs k delays; a
/// schedule spends at most that many. A shard takes the options of the first
/// branching decision that are its own (<see cref="Shard.OwnsOption"/>) and everything under them.
/// With partial-order reduction (<see cref="Dpor"/>) a thread decision runs only the options a race
/// asked for: schedules that only reorder independent steps run once, and "exhausted" still means
/// every distinct ordering of conflicting steps within the bound was run.
/// </summary>
public sealed class DfsStrategy : IStrategy, IFootprintAware, Dpor.IBacktrack
{
    private sealed class Node
    {
        public required bool IsThread;
        public required ulong Enabled;
        public required int[] Options;
        public required int Current;
        public int Index;
        /// <summary>Partial-order reduction: the threads to run here (bits by thread id), and those already run.</summary>
        public ulong Backtrack, Done;
    }

    private readonly int preemptionBound;
    private readonly int delayBound;
    private readonly Shard? shard;
    private readonly List<Node> stack = new();
    /// <summary>Stack position of the first branching decision, where a shard's part begins (-1: not reached yet).</summary>
    private int split = -1;
    private int pos;
    private int preemptions;
    private int delays;
    /// <summary>The thread the last decision chose: round robin goes on from it when it can no longer run.</summary>
    private int lastChosen;
    private bool started;
    private readonly Dpor? por;
    /// <summary>The thread decision just taken, which the step that follows starts from (-1: none).</summary>
    private int decided = -1;

    /// <param name="preemptionBound">Maximum preemptions per schedule; negative for none.</param>
    /// <param name="delayBound">Maximum delays per schedule (then the preemption bound is not used); negative for none.</param>
    /// <param name="partialOrder">Run only one schedule of those that differ in the order of independent steps.</param>
    public DfsStrategy(int preemptionBound = -1, Shard? shard = null, int delayBound = -1, bool partialOrder = false)
    {
        this.preemptionBound = delayBound >= 0 ? -1 : preemptionBound;
        this.delayBound = delayBound;
        this.shard = shard;
        if (partialOrder) por = new Dpor(this, bounded: this.preemptionBound >= 0 || delayBound >= 0);
    }

    public string Name
    {
        get
        {
            var bound = delayBound >= 0 ? $"delays<={delayBound}" : preemptionBound >= 0 ? $"preemptions<={preemptionBound}" : null;
            var parts = new[] { bound, por is null ? null : "por" }.OfType<string>().ToArray();
            return parts.Length == 0 ? "dfs" : $"dfs({string.Join(",", parts)})";
        }
    }

    public bool ShardsItself => true;

    /// <summary>The stack of the last schedule run, to go on from later (<see cref="Resume"/>); not for a shard.</summary>
    public DfsCheckpoint Checkpoint(TestProgram program, long schedulesDone) =>
        new(program.Name, program.Fingerprint, Name, schedulesDone,
            stack.Select(n => new DfsCheckpoint.Decision(n.IsThread, n.Enabled, n.Current, n.Options, n.Index, n.Backtrack, n.Done)).ToList());

    /// <summary>Go on after the schedule <paramref name="checkpoint"/> ran last: the next iteration backtracks from it.</summary>
    public void Resume(DfsCheckpoint checkpoint)
    {
        if (shard is not null) throw new TortureInputException("a dfs checkpoint cannot be resumed in a shard");
        stack.Clear();
        foreach (var d in checkpoint.Stack)
            stack.Add(new Node { IsThread = d.Thread, Enabled = d.Enabled, Current = d.Current, Options = d.Options, Index = d.Taken, Backtrack = d.Backtrack, Done = d.Done });
        started = true;
    }

    public bool ForeignIteration { get; private set; }

    /// <summary>True once every schedule within the bound has been run.</summary>
    public bool Exhausted { get; private set; }

    /// <summary>Whether a schedule not yet run remains (after at least one run), without moving on to it.</summary>
    public bool HasUnexplored => !ForeignIteration && (!started || stack.Where((n, at) => Next(n, at) < n.Options.Length).Any());

    // The next option to try at stack position at: the split decision steps over the other shards' options;
    // under partial-order reduction a thread decision takes the first option asked for and not yet run.
    private int Next(Node n, int at)
    {
        if (at == split && shard is { } s) return n.Index + s.Count;
        if (!Reduced(n, at)) return n.Index + 1;
        int k = 0;
        while (k < n.Options.Length && (!Mask.Has(n.Backtrack, n.Options[k]) || Mask.Has(n.Done, n.Options[k]))) k++;
        return k;
    }

    private bool Reduced(Node n, int at) => por is not null && n.IsThread && at != split;

    /// <summary>
    /// A run that ended before replaying its whole recorded prefix means the program did not repeat
    /// itself, and the schedules after that point would silently never be run: refuse it.
    /// </summary>
    public void EndIteration(int threadDecisions)
    {
        if (pos < stack.Count)
            throw new ReplayDivergenceException($"dfs: the program is not deterministic: a run ended after {pos} decisions where the same choices took {stack.Count} before");
    }

    public bool InitIteration(long iteration, ulong seed)
    {
        pos = 0;
        preemptions = 0;
        delays = 0;
        lastChosen = -1;
        decided = -1;
        por?.Reset();
        if (!started)
        {
            started = true;
            return true;
        }
        while (stack.Count > 0 && !ForeignIteration)
        {
            var top = stack[^1];
            int next = Next(top, stack.Count - 1);
            if (next < top.Options.Length)
            {
                top.Index = next;
                if (top.IsThread) top.Done |= 1UL << top.Options[next];
                return true;
            }
            stack.RemoveAt(stack.Count - 1);
        }
        Exhausted = true;
        return false;
    }

    public int NextThread(ulong enabled, int current)
    {
        int chosen;
        if (pos < stack.Count)
        {
            var node = stack[pos++];
            if (!node.IsThread || node.Enabled != enabled || node.Current != current)
                throw new ReplayDivergenceException($"dfs: the program is not deterministic: decision {pos} had enabled threads {{{Decision.FormatMask(node.Enabled)}}} and now {{{Decision.FormatMask(enabled)}}}");
            chosen = node.Options[node.Index];
        }
        else
        {
            int[] options;
            if (delayBound >= 0)
            {
                options = RoundRobin(enabled, current >= 0 ? current : lastChosen, current >= 0, delayBound - delays);
            }
            else if (current >= 0 && preemptionBound >= 0 && preemptions >= preemptionBound)
            {
                options = new[] { current };
            }
            else
            {
                // Non-preempting choice first, so low-preemption schedules come early.
                var list = new List<int>(Mask.Count(enabled));
                if (current >= 0) list.Add(current);
                for (ulong m = enabled; m != 0; m &= m - 1)
                {
                    int id = System.Numerics.BitOperations.TrailingZeroCount(m);
                    if (id != current) list.Add(id);
                }
                options = list.ToArray();
            }
            var created = new Node { IsThread = true, Enabled = enabled, Options = options, Current = current };
            stack.Add(created);
            pos++;
            chosen = options[FirstIndex(created)];
            created.Backtrack = created.Done = 1UL << chosen;
        }
        decided = pos - 1;
        if (current >= 0 && chosen != current) preemptions++;
        // Options are in delay order, so the index taken is the delays spent.
        if (delayBound >= 0) delays += stack[pos - 1].Index;
        lastChosen = chosen;
        return chosen;
    }

    /// <summary>
    /// The enabled threads in round-robin order from <paramref name="from"/> (itself first when it may
    /// go on), at most <paramref name="budget"/> past the first: option k costs k delays.
    /// </summary>
    private static int[] RoundRobin(ulong enabled, int from, bool fromRuns, int budget) =>
        Mask.Cyclic(enabled, fromRuns ? from : from + 1).Take(budget + 1).ToArray();

    void IFootprintAware.StepBegins(LogicalThread t, ulong enabled, bool allOpaque)
    {
        por?.Begin(t, decided, enabled, allOpaque);
        decided = -1;
    }

    void IFootprintAware.Touch(OpKind op, object? obj) => por?.Touch(op, obj);

    void IFootprintAware.RunEnds(IReadOnlyList<LogicalThread> threads) => por?.End(threads);

    void Dpor.IBacktrack.Add(int node, int thread)
    {
        var n = stack[node];
        if (Array.Exists(n.Options, o => o == thread)) n.Backtrack |= 1UL << thread;
    }

    void Dpor.IBacktrack.AddAll(int node)
    {
        var n = stack[node];
        foreach (int o in n.Options) n.Backtrack |= 1UL << o;
    }

    public int NextInt(int n)
    {
        if (pos < stack.Count)
        {
            var node = stack[pos++];
            if (node.IsThread || node.Options.Length != n)
                throw new ReplayDivergenceException($"dfs: the program is not deterministic at decision {pos}");
            return node.Options[node.Index];
        }
        var node2 = new Node { IsThread = false, Enabled = 0, Options = Enumerable.Range(0, n).ToArray(), Current = -1 };
        stack.Add(node2);
        pos++;
        return node2.Options[FirstIndex(node2)];
    }

    // A new node: a shard's first branching decision starts at its own first option; one whose
    // options are all other shards' makes this run a probe that is not counted (ForeignIteration).
    private int FirstIndex(Node created)
    {
        if (shard is not { } s || split >= 0 || created.Options.Length < 2) return 0;
        split = stack.Count - 1;
        if (s.Index - 1 < created.Options.Length) created.Index = s.Index - 1;
        else ForeignIteration = true;
        return created.Index;
    }
}
