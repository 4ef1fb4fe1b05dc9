using System.Diagnostics;
using Torture.Generator;
using Torture.Systematic;

namespace Torture.Shrinking;

/// <summary>How hard to try: the budget of each candidate and of the whole shrink.</summary>
public sealed record ShrinkOptions
{
    /// <summary>Iterations of the default strategy a smaller program gets to show the same check.</summary>
    public long IterationsPerCandidate { get; init; } = 1_000;

    /// <summary>Schedules dfs may run at each preemption bound.</summary>
    public long SchedulesPerBound { get; init; } = 20_000;

    public TimeSpan Budget { get; init; } = TimeSpan.FromSeconds(30);

    public long MaxSteps { get; init; } = 10_000;
    public bool LockOrder { get; init; } = true;
    public bool WeakMemory { get; init; }

    /// <summary>Ctrl-C or SIGTERM: stop shrinking and keep the smallest bug so far.</summary>
    public System.Threading.CancellationToken Cancel { get; init; }
}

/// <summary>How big a failing run is: what the program has, and what its schedule took.</summary>
public sealed record ShrinkSize(int Threads, int Operations, int SetupLines, long Steps, int Preemptions, int TraceEvents)
{
    public static ShrinkSize Of(FoundBug f)
    {
        var input = f.Schedule.Input;
        var program = input.Count > 0 ? GeneratedProgram.Parse(input) : null;
        int threads = program?.Threads.Count ?? f.Schedule.Decisions.Where(d => d.IsThread).Select(d => d.Value).Distinct().Count();
        return new ShrinkSize(threads, program?.OperationCount ?? threads, program?.Setup.Count ?? 0, f.Bug.Step, f.Schedule.Preemptions(), f.Trace.Count);
    }

    public override string ToString() => $"{Threads} threads, {Operations} operations, {SetupLines} set-up lines, {Preemptions} preemptions, {Steps} steps, {TraceEvents} trace events";
}

public sealed record ShrinkResult(FoundBug Original, FoundBug Shrunk, ShrinkSize Before, ShrinkSize After, int Candidates, TimeSpan Elapsed, bool CutShort)
{
    public bool Smaller => After != Before;
}

/// <summary>
/// Shrinks a found bug while the same check still fires: for a generated program, drop whole
/// threads, then single operations, then objects of the world with every line naming them, then
/// single set-up lines, then make values simpler (no signal, reads for writes) (greedily, restarting after each success, as Lincheck and delta debugging
/// do); then the interleaving: dfs with a growing preemption bound on the smallest program, so the
/// schedule kept is one with the fewest preemptions that still fails (CHESS's iterative bounding).
/// </summary>
public static class Shrinker
{
    /// <param name="program">The program that found the bug; a schedule with input lines is rebuilt through its <see cref="TestProgram.FromInput"/>, as replay does.</param>
    public static ShrinkResult Shrink(TestProgram program, FoundBug found, ShrinkOptions options)
    {
        var clock = Stopwatch.StartNew();
        var best = found;
        int tried = 0;
        bool cut = false;
        bool Over() => clock.Elapsed > options.Budget || options.Cancel.IsCancellationRequested;
        var faults = found.Schedule.Faults;
        if (found.Schedule.Input.Count > 0 && program.FromInput is { } fromInput)
        {
            var lines = GeneratedProgram.Parse(found.Schedule.Input);
            bool improved = true;
            while (improved && !(cut = Over()))
            {
                improved = false;
                foreach (var candidate in Candidates(lines))
                {
                    if (cut = Over()) break;
                    tried++;
                    if (Try(() => fromInput(candidate.ToLines()), faults, found.Bug, options, best.Schedule.Seed, options.Budget - clock.Elapsed) is not { } f) continue;
                    lines = candidate;
                    best = f;
                    improved = true;
                    break;
                }
            }
        }
        var fewer = FewerPreemptions(() => Explorer.ForSchedule(program, best.Schedule), best, faults, found.Bug, options, clock, ref cut);
        if (fewer is not null) best = fewer;
        return new ShrinkResult(found, best, ShrinkSize.Of(found), ShrinkSize.Of(best), tried, clock.Elapsed, cut);
    }

    /// <summary>The check a shrunk run must fire again: the invariant's name, or the kind of bug.</summary>
    public static string CheckOf(Bug bug) => bug.Check ?? bug.Kind.ToString();

    /// <summary>
    /// Whether <paramref name="b"/> is the bug <paramref name="a"/> was: the same check, and for the
    /// catch-all checks (every BUG_ON is "BUG", every WARN_ON "WARN", every exception alike) the same
    /// first message line up to its numbers, so a shrink cannot trade one BUG_ON for another.
    /// </summary>
    public static bool SameBug(Bug a, Bug b)
    {
        if (CheckOf(a) != CheckOf(b) || a.Kind != b.Kind) return false;
        bool generic = a.Check is "BUG" or "WARN" || a.Kind == BugKind.UnhandledException;
        return !generic || Shape(a.Message) == Shape(b.Message);
    }

    private static string Shape(string message) =>
        new string(message.Split('\n')[0].Where(c => !char.IsAsciiDigit(c)).ToArray());


    /// <param name="build">Builds the candidate; a candidate whose lines no longer make sense throws bad input and is skipped.</param>
    private static FoundBug? Try(Func<TestProgram> build, IReadOnlyList<string> faults, Bug bug, ShrinkOptions options, ulong seed, TimeSpan left)
    {
        if (left <= TimeSpan.Zero) return null;
        try
        {
            var r = Explorer.Explore(build(), Options(options, faults) with { Iterations = options.IterationsPerCandidate, Seed = seed, TimeBudget = left });
            return r.Found is { Reproduced: true } f && SameBug(bug, f.Bug) ? f : null;
        }
        catch (TortureInputException)
        {
            return null;   // the smaller program no longer makes sense (a name it needs was dropped)
        }
    }

    private static ExplorationOptions Options(ShrinkOptions o, IReadOnlyList<string> faults) => new()
    {
        MaxSteps = o.MaxSteps, LockOrder = o.LockOrder, WeakMemory = o.WeakMemory, Faults = faults, Cancel = o.Cancel,
    };

    /// <summary>dfs at bounds 0, 1, ... below the current schedule's preemptions: the first failing schedule has the fewest.</summary>
    private static FoundBug? FewerPreemptions(Func<TestProgram> build, FoundBug best, IReadOnlyList<string> faults, Bug bug, ShrinkOptions options, Stopwatch clock, ref bool cut)
    {
        int current = best.Schedule.Preemptions();
        for (int bound = 0; bound < current; bound++)
        {
            if (cut = clock.Elapsed > options.Budget || options.Cancel.IsCancellationRequested) return null;
            var left = options.Budget - clock.Elapsed;
            ExplorationResult r;
            try
            {
                r = Explorer.Explore(build(), Options(options, faults) with
                {
                    // The original's seed: the shrunk file is named after it, beside the original.
                    Strategy = "dfs", PreemptionBound = bound, Iterations = options.SchedulesPerBound, TimeBudget = left, Seed = best.Schedule.Seed,
                });
            }
            catch (TortureInputException) { return null; }
            if (r.Found is { Reproduced: true } f && SameBug(bug, f.Bug) && f.Schedule.Preemptions() < current) return f;
        }
        return null;
    }

    /// <summary>Smaller programs, largest cuts first.</summary>
    private static IEnumerable<GeneratedProgram> Candidates(GeneratedProgram p)
    {
        if (p.Threads.Count > 1)
        {
            for (int t = p.Threads.Count - 1; t >= 0; t--)
                yield return Renumber(p.Setup, p.Threads.Where((_, i) => i != t));
        }
        for (int t = 0; t < p.Threads.Count; t++)
        {
            if (p.Threads[t].Count < 2) continue;
            for (int o = p.Threads[t].Count - 1; o >= 0; o--)
                yield return Renumber(p.Setup, p.Threads.Select((ops, i) => i == t ? ops.Where((_, j) => j != o).ToList() : ops));
        }
        // An object of the world (an mm, a file, a CPU, a listener) with every line that names it.
        foreach (var name in p.Setup.SelectMany(NamesCreated).Reverse())
        {
            bool Keeps(ProgramLine l) => !l.Values.Any(v => v == name || v.StartsWith(name + ":", StringComparison.Ordinal));
            var threads = p.Threads.Select(t => t.Where(Keeps).ToList()).Where(t => t.Count > 0).ToList();
            if (threads.Count > 0) yield return Renumber(p.Setup.Where(Keeps).ToList(), threads);
        }
        for (int s = p.Setup.Count - 1; s >= 0; s--)
            yield return Renumber(p.Setup.Where((_, i) => i != s).ToList(), p.Threads);
        // Simpler values: no signal, a read instead of a write, no batching.
        for (int t = 0; t < p.Threads.Count; t++)
        {
            for (int o = 0; o < p.Threads[t].Count; o++)
            {
                var line = p.Threads[t][o];
                for (int v = 0; v < line.Values.Count; v++)
                {
                    var simpler = line.Values[v] switch { "maybe" => "never", "true" => "false", _ => null };
                    if (simpler is null) continue;
                    var values = line.Values.ToArray();
                    values[v] = simpler;
                    var changed = line with { Values = values };
                    yield return Renumber(p.Setup, p.Threads.Select((ops, i) => i == t ? ops.Select((l, j) => j == o ? changed : l).ToList() : ops));
                }
            }
        }
    }

    private static IEnumerable<string> NamesCreated(ProgramLine l) =>
        l.Op.Written.Where(p => p.Kind == ParamKind.NewName).Select(p => l.Value(p.Name));

    /// <summary>Threads renamed t0, t1, ... in their new order (the names are part of the lines).</summary>
    private static GeneratedProgram Renumber(IReadOnlyList<ProgramLine> setup, IEnumerable<IReadOnlyList<ProgramLine>> threads) =>
        new(setup, threads.Select((ops, i) => (IReadOnlyList<ProgramLine>)ops.Select(l => l with { Thread = GeneratedProgram.ThreadName(i) }).ToList()).ToList());
}
