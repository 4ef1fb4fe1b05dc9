using System.Diagnostics;

namespace Torture.Systematic;

/// <summary>Runs a program's iterations under a strategy, and replays schedules.</summary>
public static class Explorer
{
    /// <summary>Explore until a bug, the iteration or time budget, or (DFS) exhaustion.</summary>
    /// <param name="onIteration">Called after each iteration with its index (for progress displays).</param>
    /// <param name="onBug">Called with a bug's schedule the moment it exists, before the replay that confirms it, so the caller can save it first.</param>
    public static ExplorationResult Explore(TestProgram program, ExplorationOptions options, Action<long>? onIteration = null, IStrategy? strategy = null, Action<Schedule>? onBug = null)
    {
        strategy ??= options.CreateStrategy();
        var lockDep = options.LockOrder ? new LockDep() : null;
        using var pool = new WorkerPool();
        var clock = Stopwatch.StartNew();
        long i = 0, ran = 0, totalSteps = 0;
        int maxDecisions = 0;
        bool exhausted = false;
        var stop = StopReason.Iterations;
        long before = options.ResumeFrom?.SchedulesDone ?? 0;
        DfsCheckpoint? Checkpoint() => strategy is DfsStrategy { HasUnexplored: true } d && options.Shard is null ? d.Checkpoint(program, before + ran) : null;
        // A shard skips the other shards' iterations unless its strategy splits its space itself.
        var skipOthers = options.Shard is { } shard && !strategy.ShardsItself ? shard : (Shard?)null;
        for (; i < options.Iterations; i++)
        {
            if (skipOthers is { } sh && !sh.Owns(i)) continue;
            if (options.Cancel.IsCancellationRequested) { stop = StopReason.Interrupted; break; }
            if (options.TimeBudget is { } budget && clock.Elapsed >= budget) { stop = StopReason.TimeBudget; break; }
            ulong seed = Prng.IterationSeed(options.Seed, i);
            if (!strategy.InitIteration(i, seed)) { exhausted = true; break; }
            if (lockDep is not null) lockDep.Iteration = i;
            var run = RunIteration(program, strategy, pool, lockDep, options.MaxSteps, options.Watchdog, trace: false, options.WeakMemory);
            if (strategy.ForeignIteration) { exhausted = true; break; }
            ran++;
            int decisions = run.Decisions.Count(d => d.IsThread);
            totalSteps += run.Steps;
            maxDecisions = Math.Max(maxDecisions, decisions);
            onIteration?.Invoke(ran - 1);
            if (run.Bug is { } bug)
            {
                var schedule = ScheduleOf(program, run, bug, strategy.Name, options, i);
                onBug?.Invoke(schedule);
                return new ExplorationResult
                {
                    Program = program.Name, Strategy = strategy.Name, Iterations = ran, Elapsed = clock.Elapsed, Stop = StopReason.BugFound,
                    TotalSteps = totalSteps, MaxDecisions = maxDecisions, Checkpoint = Checkpoint(),
                    Found = Confirm(program, bug, schedule, pool, options.Watchdog),
                };
            }
            strategy.EndIteration(decisions);
        }
        // Out of budget exactly when DFS had nothing left is still exhaustion.
        if (!exhausted && strategy is DfsStrategy { HasUnexplored: false }) exhausted = true;
        return new ExplorationResult
        {
            Program = program.Name, Strategy = strategy.Name, Iterations = ran, Exhausted = exhausted,
            Stop = exhausted ? StopReason.Exhausted : stop,
            Elapsed = clock.Elapsed, TotalSteps = totalSteps, MaxDecisions = maxDecisions, Checkpoint = exhausted ? null : Checkpoint(),
        };
    }

    /// <summary>The schedule that replays an iteration's bug.</summary>
    internal static Schedule ScheduleOf(TestProgram program, IterationRun run, Bug bug, string strategy, ExplorationOptions options, long iteration)
    {
        // A drawn program's schedule holds its input lines in place of the draws that made them.
        bool drawn = run.Input is not null && program.FromInput is not null;
        return new Schedule
        {
            Program = program.Name, Strategy = strategy, Seed = options.Seed, Iteration = iteration,
            MaxSteps = options.MaxSteps, LockOrder = options.LockOrder, WeakMemory = options.WeakMemory, Faults = options.Faults,
            Fingerprint = program.Fingerprint, Commit = Fingerprints.Commit, Bug = bug.ToString(), LockEdges = bug.PriorLockEdges,
            Input = drawn ? run.Input! : Array.Empty<string>(),
            Decisions = (drawn ? run.Decisions.Skip(run.InputDraws) : run.Decisions).ToArray(),
        };
    }

    /// <summary>
    /// Replay a fresh bug's schedule for its readable trace. A program that does not replay
    /// (nondeterminism outside Torture's primitives) still keeps the bug it showed: marked not
    /// reproduced, with no trace. Another engine's bug goes through here too: its picks, as our
    /// decisions, must reproduce it under our engine.
    /// </summary>
    public static FoundBug Confirm(TestProgram program, Bug bug, Schedule schedule)
    {
        using var pool = new WorkerPool();
        return Confirm(program, bug, schedule, pool, new ExplorationOptions().Watchdog);
    }

    private static FoundBug Confirm(TestProgram program, Bug bug, Schedule schedule, WorkerPool pool, TimeSpan watchdog)
    {
        IterationRun? replay;
        try { replay = RunReplay(ForSchedule(program, schedule), schedule, pool, watchdog, strict: false); }
        catch (TortureInputException) { replay = null; }
        return new FoundBug
        {
            Bug = bug, Schedule = schedule, Trace = replay?.Trace ?? new List<TraceEvent>(),
            Reproduced = replay?.Bug is { } again && again.Kind == bug.Kind && again.Check == bug.Check && again.Step == bug.Step,
        };
    }

    /// <summary>The outcome of replaying a schedule: the bug it reproduces (if any) and the readable trace.</summary>
    public sealed record ReplayOutcome(Bug? Bug, IReadOnlyList<TraceEvent> Trace, long Steps)
    {
        public string TraceText => TraceEvent.Render(Trace);
    }

    /// <summary>
    /// Replay a schedule strictly. A schedule made for other code (fingerprint) or one the program
    /// no longer follows throws <see cref="TortureInputException"/> naming the line.
    /// </summary>
    public static ReplayOutcome Replay(TestProgram program, Schedule schedule, bool checkFingerprint = true)
    {
        if (schedule.Program != program.Name)
            throw new TortureInputException($"{schedule.Source}: line {Schedule.ProgramLine}: the schedule is for program '{schedule.Program}', not '{program.Name}'");
        if (checkFingerprint && schedule.Fingerprint != program.Fingerprint)
            throw Fingerprints.Mismatch($"{schedule.Source}: line {Schedule.FingerprintLine}", schedule.Fingerprint, program.Fingerprint, schedule.Commit);
        using var pool = new WorkerPool();
        IterationRun r;
        try { r = RunReplay(ForSchedule(program, schedule), schedule, pool, TimeSpan.FromSeconds(10), strict: true); }
        catch (ProgramInputException e) { throw InputLineError(schedule, e); }
        return new ReplayOutcome(r.Bug, r.Trace!, r.Steps);
    }

    /// <summary>The program a schedule replays: built from the schedule's input when it has one.</summary>
    public static TestProgram ForSchedule(TestProgram program, Schedule schedule)
    {
        if (schedule.Input.Count == 0) return program;
        if (program.FromInput is null)
            throw new TortureInputException($"{schedule.Source}: line {schedule.InputLine(0)}: program '{program.Name}' takes no input lines");
        try { return program.FromInput(schedule.Input); }
        catch (ProgramInputException e) { throw InputLineError(schedule, e); }
    }

    private static TortureInputException InputLineError(Schedule schedule, ProgramInputException e) =>
        new($"{schedule.Source}: line {schedule.InputLine(e.Index)}: {e.Message}");

    /// <param name="strict">Refuse decisions left over even when the run ended in a bug (a file replayed by a user);
    /// the explorer's own check of a fresh schedule only compares the bug.</param>
    private static IterationRun RunReplay(TestProgram program, Schedule schedule, WorkerPool pool, TimeSpan watchdog, bool strict)
    {
        var strategy = new ReplayStrategy(schedule);
        LockDep? lockDep = null;
        if (schedule.LockOrder)
        {
            lockDep = new LockDep { Iteration = schedule.Iteration };
            foreach (var edge in schedule.LockEdges) lockDep.Seed(edge);
        }
        strategy.InitIteration(schedule.Iteration, schedule.Seed);
        var run = RunIteration(program, strategy, pool, lockDep, schedule.MaxSteps, watchdog, trace: true, schedule.WeakMemory);
        if (run.Bug is null || strict) strategy.CheckFullyConsumed();
        return run;
    }

    /// <param name="Input">The lines a drawing program declared; the first <paramref name="InputDraws"/> decisions drew them.</param>
    internal sealed record IterationRun(Bug? Bug, List<Decision> Decisions, List<TraceEvent>? Trace, long Steps, IReadOnlyList<string>? Input = null, int InputDraws = 0);

    /// <summary>One iteration: fresh state from the program's set-up, its threads under the strategy, then its end checks.</summary>
    internal static IterationRun RunIteration(TestProgram program, IStrategy strategy, WorkerPool pool, LockDep? lockDep, long maxSteps, TimeSpan watchdog, bool trace, bool weakMemory = false) =>
        RunIteration(program, new ControlledRuntime(strategy, pool, lockDep, maxSteps, watchdog, trace, weakMemory));

    /// <summary>One iteration on a runtime made for it (ours, or one another engine schedules).</summary>
    internal static IterationRun RunIteration(TestProgram program, ControlledRuntime rt)
    {
        var builder = new ProgramBuilder();
        builder.DecisionCount = () => rt.Decisions.Count;
        var previous = ExecutionRuntime.Ambient;
        ExecutionRuntime.Ambient = rt;
        try
        {
            if (Solo(rt, () => program.Build(builder), "set-up"))
            {
                rt.MarkPoolBaseline();
                rt.RunThreads(builder.Threads, builder.StepChecks, builder.ThreadExits);
                foreach (var check in builder.EndChecks)
                {
                    if (rt.Bug is not null || rt.Abandoned || !Solo(rt, check, "end check")) break;
                }
                // After the end checks: a state they find broken says more than a monitor still waiting on it.
                rt.CheckMonitorsAtEnd();
            }
        }
        finally
        {
            ExecutionRuntime.Ambient = previous;
        }
        if (rt.InputError is not null) throw rt.InputError;
        return new IterationRun(rt.Bug, rt.Decisions, rt.Trace, rt.Steps, builder.InputLines, builder.InputDraws);
    }

    /// <summary>Run code alone on the controller (set-up, end checks); false when it failed.</summary>
    private static bool Solo(ControlledRuntime rt, Action body, string what)
    {
        try
        {
            body();
        }
        catch (IterationCanceledException) { return false; }
        catch (TortureInputException) { throw; }
        catch (Exception e)
        {
            rt.Bug ??= new Bug(BugKind.UnhandledException, null, $"in the {what}: {e.GetType().Name}: {e.Message}\n{e.StackTrace}", rt.Running?.ThreadName, rt.Steps);
            return false;
        }
        if (rt.Running is { Held.Count: > 0 } solo)
        {
            rt.Bug ??= new Bug(BugKind.ExitHoldingLock, "lock-held-at-exit", $"the {what} ended holding {string.Join(", ", solo.Held.Select(h => h.Lock.Name))}", solo.ThreadName, rt.Steps);
            return false;
        }
        return rt.Bug is null;
    }
}
