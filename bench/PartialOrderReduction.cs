using Torture.Bench.Peers;
using Torture.Scenarios;
using Torture.Systematic;

namespace Torture.Bench;

/// <summary>
/// bench -- por: schedules dfs runs with and without partial-order reduction at one preemption
/// bound, to its first bug (a peer program) or to exhaustion (its fixed twin, every model scenario),
/// capped. A capped cell is printed as "&gt;cap". Lockdep off, as in bench -- sctbench.
/// </summary>
public static class PartialOrderReduction
{
    public static void Run(int bound, long cap)
    {
        Console.WriteLine($"dfs{(bound < 0 ? " (no bound)" : $"(preemptions<={bound})")} without and with partial-order reduction, schedules (cap {cap:N0}) — {Machine.Describe()}");
        Console.WriteLine("| program | to the bug: dfs | dfs+por | fixed twin, to exhaustion: dfs | dfs+por |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var peer in PeerPrograms.All)
            Console.WriteLine($"| {peer.Name} | {string.Join(" | ", Both(peer.Build(false), bound, cap))} | {string.Join(" | ", Both(peer.Build(true), bound, cap))} |");
        Console.WriteLine();
        Console.WriteLine("| model scenario (correct model), to exhaustion | dfs | dfs+por |");
        Console.WriteLine("|---|---|---|");
        foreach (var s in ScenarioCatalog.All)
        {
            Console.WriteLine($"| {s.Name} | {string.Join(" | ", Both(s.Program(Array.Empty<Torture.Model.Mutant>()), bound, cap))} |");
        }
        Console.WriteLine();
        Console.WriteLine("| mutant, in its scenario | dfs | dfs+por |");
        Console.WriteLine("|---|---|---|");
        int same = 0, rows = 0;
        foreach (var e in MutantExpectations.All.Where(e => !e.WeakMemory))
        {
            var program = ScenarioCatalog.Find(e.Scenario)!.Program(new[] { e.Mutant });
            var both = Both(program, bound, cap);
            rows++;
            if (both[0] == both[1]) same++;
            Console.WriteLine($"| {e.Mutant} ({e.Scenario}) | {string.Join(" | ", both)} |");
        }
        Console.WriteLine($"{same} of {rows} rows alike");
    }

    /// <summary>The program under plain dfs, then with the reduction.</summary>
    private static string[] Both(TestProgram program, int bound, long cap) =>
        new[] { Cell(program, bound, cap, false), Cell(program, bound, cap, true) };

    private static string Cell(TestProgram program, int bound, long cap, bool por)
    {
        var r = Explorer.Explore(program, new ExplorationOptions { Strategy = "dfs", PreemptionBound = bound, PartialOrder = por, Iterations = cap, LockOrder = false });
        if (r.BugFound) return $"bug at {r.Iterations:N0}";
        return r.Exhausted ? $"{r.Iterations:N0}" : $">{cap:N0}";
    }
}
