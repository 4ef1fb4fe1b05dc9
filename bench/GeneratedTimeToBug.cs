using System.Diagnostics;
using Torture.Generator;
using Torture.Shrinking;
using Torture.Model;
using Torture.Scenarios;
using Torture.Systematic;

namespace Torture.Bench;

/// <summary>
/// bench -- mutants --generated: for each mutant, iterations and seconds until the generated scenario
/// alone finds it (default strategy), next to its hand-written scenario, over seeds 1-N; then the
/// shrinker's time and the program and trace sizes before and after, on the first seed's bug.
/// </summary>
public static class GeneratedTimeToBug
{
    public static void Run(int seeds, long cap, Func<MutantExpectation, bool> selected)
    {
        Console.WriteLine($"generated scenario vs hand scenario: iterations and seconds to each mutant, default strategy, seeds 1-{seeds}, cap {cap:N0} iterations — {Machine.Describe()}");
        Console.WriteLine("| mutant | hand: median it (s) | generated: found | median it | median s | worst it | worst s | check (generated) | shrink s | ops before→after | set-up lines before→after | preemptions before→after | trace events before→after | per seed |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        var generated = new GeneratedScenario();
        foreach (var e in MutantExpectations.All.Where(selected))
        {
            var hand = Measure(ScenarioCatalog.Find(e.Scenario)!.Program(new[] { e.Mutant }), e, seeds, e.Budget * 10);
            var genProgram = generated.Program(new[] { e.Mutant });
            var gen = Measure(genProgram, e, seeds, cap);
            string shrink = "-", ops = "-", setup = "-", preempt = "-", trace = "-";
            if (gen.First is { } first)
            {
                var sw = Stopwatch.StartNew();
                var s = Shrinker.Shrink(genProgram, first, new ShrinkOptions());
                shrink = $"{sw.Elapsed.TotalSeconds:0.0}";
                ops = $"{s.Before.Operations}→{s.After.Operations}";
                setup = $"{s.Before.SetupLines}→{s.After.SetupLines}";
                preempt = $"{s.Before.Preemptions}→{s.After.Preemptions}";
                trace = $"{s.Before.TraceEvents}→{s.After.TraceEvents} ({(double)s.After.TraceEvents / Math.Max(1, s.Before.TraceEvents):P0})";
            }
            Console.WriteLine($"| {e.Mutant} | {Median(hand.Iterations)} ({MedianS(hand.Seconds)}) | {gen.Iterations.Count}/{seeds} | {Median(gen.Iterations)} | {MedianS(gen.Seconds)} | {Worst(gen.Iterations)} | {WorstS(gen.Seconds)} | {string.Join(", ", gen.Checks.Select(kv => $"{kv.Key} x{kv.Value}"))} | {shrink} | {ops} | {setup} | {preempt} | {trace} | {string.Join(" ", gen.PerSeed)} |");
        }
    }

    /// <param name="PerSeed">"seed:iterations" for each seed ("seed:-" when not found): which seed a row's test should use.</param>
    private sealed record Sample(List<long> Iterations, List<double> Seconds, SortedDictionary<string, int> Checks, FoundBug? First, List<string> PerSeed);

    private static Sample Measure(TestProgram program, MutantExpectation e, int seeds, long cap)
    {
        var s = new Sample(new(), new(), new(StringComparer.Ordinal), null, new());
        FoundBug? first = null;
        for (ulong seed = 1; seed <= (ulong)seeds; seed++)
        {
            var r = Explorer.Explore(program, e.Options(cap, seed));
            s.PerSeed.Add(r.Found is null ? $"{seed}:-" : $"{seed}:{r.Iterations}");
            if (r.Found is not { } f) continue;
            first ??= f;
            s.Iterations.Add(r.Iterations);
            s.Seconds.Add(r.Elapsed.TotalSeconds);
            var check = f.Bug.Check ?? f.Bug.Kind.ToString();
            s.Checks[check] = s.Checks.GetValueOrDefault(check) + 1;
        }
        return s with { First = first };
    }

    private static string Median(List<long> v) => v.Count == 0 ? "-" : $"{v.Order().ElementAt(v.Count / 2):N0}";
    private static string Worst(List<long> v) => v.Count == 0 ? "-" : $"{v.Max():N0}";
    private static string MedianS(List<double> v) => v.Count == 0 ? "-" : $"{v.Order().ElementAt(v.Count / 2):0.00}";
    private static string WorstS(List<double> v) => v.Count == 0 ? "-" : $"{v.Max():0.00}";
}
