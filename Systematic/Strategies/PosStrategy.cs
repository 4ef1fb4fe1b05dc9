namespace Torture.Systematic;

/// <summary>
/// Partial order sampling (Yuan, Yang and Gu, "Partial Order Aware Concurrency Sampling", CAV 2018):
/// every pending operation carries a random priority and the enabled thread whose operation has the
/// highest one runs. When an operation has run, the operations racing with it get fresh priorities,
/// so the order of every pair of racing operations is drawn anew while independent ones keep theirs:
/// schedules that differ only in independent orders are not sampled over and over.
/// Simplified: a thread's pending operation is the one at its next scheduling point, and operations
/// run between two decisions (one thread enabled) are not seen. "Racing" is the same object with at
/// least one side writing (<see cref="Races"/>); a <c>Sched.Yield</c> names no object, so it stands
/// for a lockless access of unknown memory and races with every other one.
/// </summary>
public sealed class PosStrategy : IStrategy, IPendingAware
{
    private const int MaxThreads = 64;
    private readonly double[] priority = new double[MaxThreads];
    private readonly bool[] drawn = new bool[MaxThreads];
    private Prng rng;
    private IReadOnlyList<LogicalThread>? threads;
    private int last = -1;
    private OpKind lastOp;
    private object? lastObj;

    public string Name => "pos";

    public bool InitIteration(long iteration, ulong seed)
    {
        rng = new Prng(seed);
        Array.Clear(drawn);
        last = -1;
        lastObj = null;
        return true;
    }

    void IPendingAware.Pending(IReadOnlyList<LogicalThread> all) => threads = all;

    public int NextThread(ulong enabled, int current)
    {
        var all = threads!;
        // The operation chosen last time has run: its thread's next one is a new event, and every
        // pending operation that races with what ran is reordered against it.
        for (int id = 0; id < all.Count && id < MaxThreads; id++)
        {
            var t = all[id];
            if (!drawn[id] || id == last || (last >= 0 && Races(lastOp, lastObj, t.PendingOp, t.PendingObj)))
            {
                priority[id] = rng.NextDouble();
                drawn[id] = true;
            }
        }
        int best = -1;
        for (ulong m = enabled; m != 0; m &= m - 1)
        {
            int id = System.Numerics.BitOperations.TrailingZeroCount(m);
            if (best < 0 || priority[id] > priority[best]) best = id;
        }
        last = best;
        lastOp = all[best].PendingOp;
        lastObj = all[best].PendingObj;
        return best;
    }

    public int NextInt(int n) => rng.Next(n);

    /// <summary>Two pending operations conflict: the same object, and not both only reading it.</summary>
    internal static bool Races(OpKind a, object? objA, OpKind b, object? objB)
    {
        if (objA is null || objB is null) return objA is null && objB is null && a == OpKind.Yield && b == OpKind.Yield;
        if (!ReferenceEquals(objA, objB)) return false;
        return !(Reads(a) && Reads(b));
    }

    // Operations that leave the object as they found it for another reader.
    private static bool Reads(OpKind op) => op is OpKind.Load or OpKind.DownRead or OpKind.DownReadTrylock or OpKind.DownReadWait;
}
