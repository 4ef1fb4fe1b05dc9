namespace Torture.Systematic;

/// <summary>
/// Probabilistic concurrency testing (Burckhardt et al., ASPLOS 2010). Threads get random distinct
/// priorities; the highest-priority enabled thread runs; at d−1 change points, drawn uniformly from
/// the first k decisions, the thread about to run is demoted below every initial priority. A bug of
/// depth d is then found with probability at least 1/(n·k^(d−1)) per iteration.
/// With <c>fair</c>, the decisions after the first k are uniform random, so a thread spinning
/// at high priority cannot starve the rest and liveness verdicts are meaningful.
/// </summary>
public sealed class PctStrategy : IStrategy
{
    private readonly int depth;
    private readonly bool fair;
    private readonly List<int> order = new();          // undemoted threads, highest priority first
    private readonly Dictionary<int, int> demoted = new(); // thread -> low priority 1..d-1
    private readonly int[] changePoints;
    private Prng rng;
    private int decision;
    private int horizon;
    private bool observed;

    /// <param name="depth">Bug depth d: d−1 priority change points per iteration.</param>
    /// <param name="horizon">Initial guess of k, the decisions per iteration; it then tracks the largest seen.</param>
    public PctStrategy(int depth = 3, bool fair = false, int horizon = 100)
    {
        if (depth < 1) throw new ArgumentOutOfRangeException(nameof(depth), "PCT depth is at least 1");
        this.depth = depth;
        this.fair = fair;
        this.horizon = Math.Max(1, horizon);
        changePoints = new int[depth - 1];
    }

    public string Name => fair ? $"fairpct(d={depth})" : $"pct(d={depth})";

    /// <summary>Current estimate of k.</summary>
    public int Horizon => horizon;

    public bool InitIteration(long iteration, ulong seed)
    {
        rng = new Prng(seed);
        order.Clear();
        demoted.Clear();
        decision = 0;
        // d−1 distinct change points in [1, k]; the i-th drawn demotes to priority d−1−i.
        for (int i = 0; i < changePoints.Length; i++)
        {
            int p;
            do p = 1 + rng.Next(horizon); while (Array.IndexOf(changePoints, p, 0, i) >= 0 && horizon >= changePoints.Length);
            changePoints[i] = p;
        }
        return true;
    }

    public int NextThread(ulong enabled, int current)
    {
        decision++;
        for (ulong m = enabled; m != 0; m &= m - 1)
        {
            int id = System.Numerics.BitOperations.TrailingZeroCount(m);
            if (!demoted.ContainsKey(id) && !order.Contains(id)) order.Insert(rng.Next(order.Count + 1), id);
        }
        if (fair && decision > horizon) return Mask.Uniform(ref rng, enabled);
        int at = Array.IndexOf(changePoints, decision);
        if (at >= 0)
        {
            int top = Highest(enabled);
            order.Remove(top);
            demoted[top] = depth - 1 - at;
        }
        return Highest(enabled);
    }

    public int NextInt(int n) => rng.Next(n);

    public void EndIteration(int threadDecisions)
    {
        // The initial guess only stands until a run is seen: change points past the end of a
        // short program would never fire, so k is the largest count actually observed.
        horizon = observed ? Math.Max(horizon, threadDecisions) : Math.Max(1, threadDecisions);
        observed = true;
    }

    private int Highest(ulong enabled)
    {
        foreach (var id in order) if (Mask.Has(enabled, id)) return id;
        int best = -1, bestPriority = int.MinValue;
        foreach (var (id, p) in demoted.OrderBy(kv => kv.Key))
        {
            if (Mask.Has(enabled, id) && p > bestPriority) { best = id; bestPriority = p; }
        }
        return best;
    }
}
