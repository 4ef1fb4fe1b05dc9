namespace Torture.Systematic;

/// <summary>
/// Exhaustive depth-first search over every thread and data choice, stateless: each iteration
/// replays the prefix of the previous one and takes the next untried branch at the deepest point.
/// With a preemption bound (CHESS iterative context bounding) a schedule may switch away from a
/// still-enabled thread at most that many times. When it runs out, the space within the bound is
/// exhausted: every schedule in it was run exactly once.
/// </summary>
public sealed class DfsStrategy : IStrategy
{
    private sealed class Node
    {
        public required bool IsThread;
        public required ulong Enabled;
        public required int[] Options;
        public required int Current;
        public int Index;
    }

    private readonly int preemptionBound;
    private readonly List<Node> stack = new();
    private int pos;
    private int preemptions;
    private bool started;

    /// <param name="preemptionBound">Maximum preemptions per schedule; negative for none.</param>
    public DfsStrategy(int preemptionBound = -1) => this.preemptionBound = preemptionBound;

    public string Name => preemptionBound < 0 ? "dfs" : $"dfs(preemptions<={preemptionBound})";

    /// <summary>True once every schedule within the bound has been run.</summary>
    public bool Exhausted { get; private set; }

    /// <summary>Whether a schedule not yet run remains (after at least one run), without moving on to it.</summary>
    public bool HasUnexplored => !started || stack.Exists(n => n.Index + 1 < n.Options.Length);

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
        if (!started)
        {
            started = true;
            return true;
        }
        while (stack.Count > 0)
        {
            var top = stack[^1];
            if (top.Index + 1 < top.Options.Length)
            {
                top.Index++;
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
            if (current >= 0 && preemptionBound >= 0 && preemptions >= preemptionBound)
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
            stack.Add(new Node { IsThread = true, Enabled = enabled, Options = options, Current = current });
            pos++;
            chosen = options[0];
        }
        if (current >= 0 && chosen != current) preemptions++;
        return chosen;
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
        stack.Add(new Node { IsThread = false, Enabled = 0, Options = Enumerable.Range(0, n).ToArray(), Current = -1 });
        pos++;
        return 0;
    }
}
