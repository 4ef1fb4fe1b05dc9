using System.Diagnostics;

namespace Torture.Systematic;

/// <summary>
/// Stress on real threads: each iteration's threads are OS threads the OS schedules (see
/// <see cref="OsScheduler"/>), with every invariant and primitive check in force. Unlike a plain
/// stress run, each bug comes with the schedule the OS happened to pick, which our engine replays.
/// </summary>
public static class NativeEngine
{
    public const string StrategyName = "native";

    public static ExplorationResult Explore(TestProgram program, ExplorationOptions options, Action<long>? onIteration = null, Action<Schedule>? onBug = null)
    {
        var exploration = new ExternalExploration(program, options, StrategyName);
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
                    Program = program.Name, Strategy = StrategyName, Iterations = i + 1, Elapsed = clock.Elapsed, Stop = StopReason.BugFound,
                    Found = Explorer.Confirm(program, bug, schedule),
                };
            }
        }
        return new ExplorationResult { Program = program.Name, Strategy = StrategyName, Iterations = i, Elapsed = clock.Elapsed, Stop = stop };
    }
}
