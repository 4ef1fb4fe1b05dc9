using System.Diagnostics;
using Torture.Systematic;

namespace Torture.Bench.Peers;

/// <summary>
/// bench -- sctbench: each peer program under each strategy, over seeds: found out of the seeds within
/// the cap of schedules, and the median schedules and milliseconds to the bug (a seed not found counts
/// as the cap); then every fixed twin under every strategy for the whole cap, which must stay clean.
/// Lockdep is off: it would report deadlock01's and din_phil2's orders from the first schedule, which
/// is not the search the table compares.
/// </summary>
public static class PeerBenchmark
{
    public static void Run(int seeds, long cap, IReadOnlyList<string> strategies)
    {
        Console.WriteLine($"peer programs (SCTBench, CHESS): found/seeds within {cap:N0} schedules, median schedules and ms to the bug, seeds 1-{seeds}, lockdep off — {Machine.Describe()}");
        Console.WriteLine($"| program | {string.Join(" | ", strategies)} |");
        Console.WriteLine($"|---|{string.Concat(strategies.Select(_ => "---|"))}");
        var wins = strategies.ToDictionary(s => s, _ => 0);
        foreach (var peer in PeerPrograms.All)
        {
            var cells = new List<string>();
            foreach (var strategy in strategies)
            {
                var its = new List<long>();
                var ms = new List<double>();
                int found = 0;
                for (ulong seed = 1; seed <= (ulong)seeds; seed++)
                {
                    var clock = Stopwatch.StartNew();
                    var r = Explorer.Explore(peer.Build(false), Options(strategy, cap, seed));
                    if (r.BugFound) found++;
                    its.Add(r.BugFound ? r.Iterations : cap);
                    ms.Add(clock.Elapsed.TotalMilliseconds);
                }
                its.Sort();
                ms.Sort();
                if (found >= seeds - seeds / 20) wins[strategy]++;
                cells.Add($"{found}/{seeds}, {its[its.Count / 2]:N0}, {ms[ms.Count / 2]:0.0} ms");
            }
            Console.WriteLine($"| {peer.Name} | {string.Join(" | ", cells)} |");
        }
        Console.WriteLine();
        foreach (var (s, n) in wins) Console.WriteLine($"{s}: found on at least {seeds - seeds / 20} of {seeds} seeds in {n} of {PeerPrograms.All.Count} programs");
        Console.WriteLine();
        Console.WriteLine($"fixed twins, {cap:N0} schedules each (seed 1):");
        foreach (var peer in PeerPrograms.All)
        {
            var verdicts = strategies.Select(s => Explorer.Explore(peer.Build(true), Options(s, cap, 1)) is var r && r.Found is { } f ? $"{s}: BUG {f.Bug}" : $"{s}: clean").ToList();
            Console.WriteLine($"  {peer.Name}-fixed: {string.Join("; ", verdicts)}");
        }
    }

    private static ExplorationOptions Options(string strategy, long cap, ulong seed) =>
        new() { Strategy = strategy, Iterations = cap, Seed = seed, LockOrder = false, PreemptionBound = strategy == "dfs" ? 2 : -1 };
}
