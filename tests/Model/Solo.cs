using Torture.Invariants;
using Torture.Model;
using Torture.Systematic;
using Xunit;

namespace Torture.Tests.Model;

/// <summary>Runs model code under the controlled runtime, which its primitives need.</summary>
internal static class Solo
{
    /// <summary>One iteration whose set-up runs <paramref name="body"/> alone; fails the test on any bug.</summary>
    public static void Run(Action<Kernel> body, bool invariants = true, IEnumerable<Mutant>? faults = null)
    {
        var bug = RunForBug(body, invariants, faults);
        Assert.True(bug is null, bug?.ToString());
    }

    /// <summary>As <see cref="Run"/>, returning the bug the body hit (null when none).</summary>
    public static Bug? RunForBug(Action<Kernel> body, bool invariants = true, IEnumerable<Mutant>? faults = null)
    {
        var program = new TestProgram("solo", p =>
        {
            var k = new Kernel(faults);
            if (invariants) InvariantCatalog.AttachAll(k, p);
            body(k);
        });
        return Explorer.Explore(program, new ExplorationOptions { Iterations = 1, Seed = 1 }).Found?.Bug;
    }

    /// <summary>Explore a program built per iteration (fresh kernel, every invariant attached).</summary>
    public static ExplorationResult Explore(string name, Action<Kernel, ProgramBuilder> build, ExplorationOptions options, IEnumerable<Mutant>? faults = null) =>
        Explorer.Explore(new TestProgram(name, p =>
        {
            var k = new Kernel(faults);
            InvariantCatalog.AttachAll(k, p);
            build(k, p);
        }), options);

    /// <summary>Explore every schedule (depth first) and fail the test unless the space is exhausted with no bug.</summary>
    public static ExplorationResult Exhaust(string name, Action<Kernel, ProgramBuilder> build, long maxSchedules, int preemptionBound = -1)
    {
        var r = Explore(name, build, new ExplorationOptions { Strategy = "dfs", PreemptionBound = preemptionBound, Iterations = maxSchedules });
        Assert.True(r.Found is null, r.Found?.Bug.ToString());
        Assert.True(r.Exhausted, $"{name}: {r.Iterations} schedules did not exhaust the space");
        return r;
    }
}
