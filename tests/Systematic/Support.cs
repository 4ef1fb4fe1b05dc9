using Torture.Systematic;

namespace Torture.Tests.Systematic;

/// <summary>Short ways to explore a program in tests.</summary>
internal static class Run
{
    public static ExplorationOptions Options(string strategy, long iterations = 1000, ulong seed = 0, bool lockOrder = true,
        int preemptionBound = -1, long maxSteps = 10_000, int pctDepth = 3) => new()
    {
        Strategy = strategy, Iterations = iterations, Seed = seed, LockOrder = lockOrder,
        PreemptionBound = preemptionBound, MaxSteps = maxSteps, PctDepth = pctDepth,
    };

    public static ExplorationResult Explore(TestProgram program, string strategy, long iterations = 1000, ulong seed = 0,
        bool lockOrder = true, int preemptionBound = -1, long maxSteps = 10_000, int pctDepth = 3) =>
        Explorer.Explore(program, Options(strategy, iterations, seed, lockOrder, preemptionBound, maxSteps, pctDepth));

    /// <summary>Explore and return the bug, failing the test when none was found.</summary>
    public static FoundBug Find(TestProgram program, string strategy, long iterations = 1000, ulong seed = 0, bool lockOrder = true,
        int preemptionBound = -1, long maxSteps = 10_000)
    {
        var r = Explore(program, strategy, iterations, seed, lockOrder, preemptionBound, maxSteps);
        Xunit.Assert.True(r.BugFound, $"{strategy} found no bug in {program.Name} after {r.Iterations} iterations");
        Xunit.Assert.True(r.Found!.Reproduced, $"the bug did not reproduce: {r.Found.Bug}");
        return r.Found;
    }

    /// <summary>Explore every schedule with DFS and fail the test on any bug or when the space is not exhausted.</summary>
    public static ExplorationResult Exhaust(TestProgram program, bool lockOrder = true, long iterations = 100_000)
    {
        var r = Explore(program, "dfs", iterations, lockOrder: lockOrder);
        Xunit.Assert.False(r.BugFound, r.Found?.Bug.ToString());
        Xunit.Assert.True(r.Exhausted, $"dfs did not exhaust {program.Name} in {r.Iterations} iterations");
        return r;
    }
}

/// <summary>Wraps a strategy and records the decisions each iteration made.</summary>
internal sealed class RecordingStrategy(IStrategy inner) : IStrategy
{
    public readonly List<List<int>> Iterations = new();

    public string Name => inner.Name;

    public bool InitIteration(long iteration, ulong seed)
    {
        if (!inner.InitIteration(iteration, seed)) return false;
        Iterations.Add(new List<int>());
        return true;
    }

    public int NextThread(ulong enabled, int current)
    {
        int chosen = inner.NextThread(enabled, current);
        Iterations[^1].Add(chosen);
        return chosen;
    }

    public int NextInt(int n)
    {
        int v = inner.NextInt(n);
        Iterations[^1].Add(-1 - v);
        return v;
    }

    public void EndIteration(int threadDecisions) => inner.EndIteration(threadDecisions);
}
