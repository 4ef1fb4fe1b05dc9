using System.Diagnostics;

namespace Torture.Systematic;

/// <summary>
/// Stress on real threads: each iteration's threads are OS threads the OS schedules (see
/// <see cref="OsScheduler"/>), with every invariant and primitive check in force. Unlike a plain
/// stress run, each bug comes with the schedule the OS happened to pick, which our engine replays.
/// </summary>
public static class NativeEngine
{
    /// <summary>Every thread free on all cores, as rcutorture runs: real parallelism and memory effects, no schedule.</summary>
    public const string Parallel = "parallel";

    /// <summary>Real threads that take turns at each scheduling point, the OS deciding who: each bug comes with its schedule.</summary>
    public const string Gated = "gated";

    public static readonly string[] StrategyNames = { Parallel, Gated };

    public const string DefaultStrategy = Parallel;

    /// <summary>Run <paramref name="program"/> on real threads, as the options' strategy (<see cref="Parallel"/> or <see cref="Gated"/>) says.</summary>
    public static ExplorationResult Explore(TestProgram program, ExplorationOptions options, Action<long>? onIteration = null, Action<Schedule>? onBug = null) => options.Strategy switch
    {
        Parallel => ExploreParallel(program, options, onIteration),
        Gated => ExploreGated(program, options, onIteration, onBug),
        _ => throw new TortureInputException($"unknown native strategy '{options.Strategy}' (expected one of {string.Join(", ", StrategyNames)})"),
    };

    private static ExplorationResult ExploreParallel(TestProgram program, ExplorationOptions options, Action<long>? onIteration)
    {
        var r = NativeRunner.Run(program, options.Iterations, options.TimeBudget, seed: unchecked((int)options.Seed), cancel: options.Cancel, onIteration: onIteration);
        var found = r.Bug is not { } bug ? null : new FoundBug
        {
            Bug = bug,
            // What ran, for the reports; no decision was recorded, so there is nothing to replay.
            Schedule = new Schedule
            {
                Program = program.Name, Strategy = Parallel, Seed = options.Seed, Iteration = r.Iterations - 1, Fingerprint = program.Fingerprint,
                Faults = options.Faults, Bug = bug.Title, Decisions = Array.Empty<Decision>(),
            },
            Trace = Array.Empty<TraceEvent>(),
            Replayable = false,
        };
        return new ExplorationResult { Program = program.Name, Strategy = Parallel, Iterations = r.Iterations, Elapsed = r.Elapsed, Stop = r.Stop, Found = found };
    }

    private static ExplorationResult ExploreGated(TestProgram program, ExplorationOptions options, Action<long>? onIteration, Action<Schedule>? onBug)
    {
        var exploration = new ExternalExploration(program, options, Gated);
        var clock = Stopwatch.StartNew();
        long i = 0;
        var stop = StopReason.Iterations;
        for (; i < options.Iterations; i++)
        {
            if (options.Cancel.IsCancellationRequested) { stop = StopReason.Interrupted; break; }
            if (options.TimeBudget is { } budget && clock.Elapsed >= budget) { stop = StopReason.TimeBudget; break; }
            var os = new OsScheduler(unchecked((int)Prng.IterationSeed(options.Seed, i)));
            ExternalOutcome outcome;
            lock (os.Gate) outcome = exploration.RunIteration(os);
            onIteration?.Invoke(i);
            if (outcome is { Bug: { } bug, Schedule: { } schedule })
            {
                onBug?.Invoke(schedule);
                return new ExplorationResult
                {
                    Program = program.Name, Strategy = Gated, Iterations = i + 1, Elapsed = clock.Elapsed, Stop = StopReason.BugFound,
                    Found = Explorer.Confirm(program, bug, schedule),
                };
            }
        }
        return new ExplorationResult { Program = program.Name, Strategy = Gated, Iterations = i, Elapsed = clock.Elapsed, Stop = stop };
    }
}
