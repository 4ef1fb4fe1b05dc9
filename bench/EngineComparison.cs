using System.Diagnostics;
using Torture.Coyote;
using Torture.Model;
using Torture.Scenarios;
using Torture.Systematic;

namespace Torture.Bench;

/// <summary>
/// One model, three engines, measured in one run on the same programs: our controlled scheduler
/// (pct, the default), Coyote's TestingEngine over the same controlled runtime (prioritization,
/// its default strategy here), and native stress on OS threads, gated (taking turns, replayable) and parallel (free on all cores). Schedules per second of the
/// correct model, then iterations and time to each mutant's first bug over seeds.
/// </summary>
public static class EngineComparison
{
    private sealed record Engine(string Name, Func<TestProgram, ExplorationOptions, ExplorationResult> Explore);

    private static readonly Engine[] All =
    {
        new("systematic", (p, o) => Explorer.Explore(p, o)),
        new("coyote", (p, o) => Coyote(p, o with { Strategy = CoyoteEngine.DefaultStrategy })),
        new("gated", (p, o) => NativeEngine.Explore(p, o with { Strategy = NativeEngine.Gated })),
        new("parallel", (p, o) => NativeEngine.Explore(p, o with { Strategy = NativeEngine.Parallel })),
    };

    private static ExplorationResult Coyote(TestProgram p, ExplorationOptions o)
    {
        var r = CoyoteEngine.Explore(p, o);
        return new ExplorationResult { Program = r.Program, Strategy = r.Strategy, Iterations = r.Iterations, Elapsed = r.Elapsed, Stop = r.Stop, Found = r.Found is { Bug: { } b, Schedule: { } s } ? new FoundBug { Bug = b, Schedule = s, Trace = Array.Empty<TraceEvent>() } : null };
    }

    public static void Run(int seeds, double seconds, double bugCapSeconds, Func<MutantExpectation, bool> selected)
    {
        Console.WriteLine($"engines compared: schedules/s of the correct model ({seconds:0.#} s per scenario and engine, after a warm-up) — {Machine.Describe()}");
        Console.WriteLine($"| {"scenario",-24} | {"systematic/s",12} | {"coyote/s",9} | {"gated/s",9} | {"parallel/s",10} | {"sys/coyote",10} | {"sys/gated",10} |");
        Console.WriteLine($"|{new string('-', 26)}|{new string('-', 14)}|{new string('-', 11)}|{new string('-', 11)}|{new string('-', 12)}|{new string('-', 12)}|{new string('-', 12)}|");
        var rows = MutantExpectations.All.Where(selected).ToList();
        bool everyRow = rows.Count == MutantExpectations.All.Count;
        foreach (var s in ScenarioCatalog.All.Where(s => everyRow || rows.Any(e => e.Scenario == s.Name)))
        {
            var program = s.Program(Array.Empty<Mutant>());
            var rates = All.Select(e =>
            {
                e.Explore(program, new ExplorationOptions { Iterations = 200, Seed = 2 });
                return e.Explore(program, new ExplorationOptions { Iterations = long.MaxValue, Seed = 1, TimeBudget = TimeSpan.FromSeconds(seconds) }).IterationsPerSecond;
            }).ToArray();
            Console.WriteLine($"| {s.Name,-24} | {rates[0],12:N0} | {rates[1],9:N0} | {rates[2],9:N0} | {rates[3],10:N0} | {rates[0] / rates[1],9:N1}x | {rates[0] / rates[2],9:N1}x |");
        }
        Console.WriteLine();
        Console.WriteLine($"time to each mutant's first bug in its row's scenario, seeds 1-{seeds}, each run capped at {bugCapSeconds:0.#} s: found/seeds, median and worst iterations and milliseconds (a seed not found counts as worst)");
        Console.WriteLine($"| {"mutant",-30} | {"engine",-10} | found | {"median it",9} | {"worst it",8} | {"median ms",9} | {"worst ms",8} | {"check that fired",-30} |");
        Console.WriteLine($"|{new string('-', 32)}|{new string('-', 12)}|-------|{new string('-', 11)}|{new string('-', 10)}|{new string('-', 11)}|{new string('-', 10)}|{new string('-', 32)}|");
        foreach (var e in rows)
        {
            var program = ScenarioCatalog.Find(e.Scenario)!.Program(new[] { e.Mutant });
            foreach (var engine in All)
            {
                var its = new List<long>();
                var ms = new List<double>();
                var checks = new SortedSet<string>(StringComparer.Ordinal);
                int found = 0;
                for (ulong seed = 1; seed <= (ulong)seeds; seed++)
                {
                    var clock = Stopwatch.StartNew();
                    var r = engine.Explore(program, e.Options(long.MaxValue, seed) with { TimeBudget = TimeSpan.FromSeconds(bugCapSeconds) });
                    its.Add(r.Iterations);
                    ms.Add(clock.Elapsed.TotalMilliseconds);
                    if (r.Found is { } f) { found++; checks.Add(f.Bug.Check ?? f.Bug.Kind.ToString()); }
                }
                its.Sort();
                ms.Sort();
                Console.WriteLine($"| {e.Mutant,-30} | {engine.Name,-10} | {found,2}/{seeds,-2} | {its[its.Count / 2],9:N0} | {its[^1],8:N0} | {ms[ms.Count / 2],9:N1} | {ms[^1],8:N0} | {string.Join(", ", checks),-30} |");
            }
        }
    }
}
