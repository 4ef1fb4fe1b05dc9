namespace Torture.Systematic;

/// <summary>What one externally scheduled iteration did; a bug comes with the schedule that replays it under our own engine.</summary>
public sealed record ExternalOutcome(Bug? Bug, Schedule? Schedule, IReadOnlyList<TraceEvent>? Trace, long Steps)
{
    public string TraceText => TraceEvent.Render(Trace ?? Array.Empty<TraceEvent>());
}

/// <summary>
/// A program explored by another engine (Coyote): the engine runs the iterations and schedules each
/// one through an <see cref="IExternalScheduler"/>; this keeps what lasts across them (lockdep's
/// lock-order history) and turns each pick into one of our decisions, so a bug the engine finds is
/// also a schedule file for <c>torture replay</c>.
/// </summary>
public sealed class ExternalExploration
{
    private readonly TestProgram program;
    private readonly ExplorationOptions options;
    private readonly string engine;
    private readonly LockDep? lockDep;

    /// <param name="engine">Recorded as the schedule's strategy (e.g. "coyote-prioritization").</param>
    public ExternalExploration(TestProgram program, ExplorationOptions options, string engine)
    {
        this.program = program;
        this.options = options;
        this.engine = engine;
        lockDep = options.LockOrder ? new LockDep() : null;
    }

    /// <summary>Iterations run so far.</summary>
    public long Iterations { get; private set; }

    /// <summary>Run one iteration on the engine's current thread, scheduled by <paramref name="scheduler"/>.</summary>
    public ExternalOutcome RunIteration(IExternalScheduler scheduler, bool trace = false)
    {
        long i = Iterations++;
        if (lockDep is not null) lockDep.Iteration = i;
        var run = Explorer.RunIteration(program, new ControlledRuntime(scheduler, lockDep, options.MaxSteps, trace, options.WeakMemory));
        var schedule = run.Bug is { } bug ? Explorer.ScheduleOf(program, run, bug, engine, options, i) : null;
        return new ExternalOutcome(run.Bug, schedule, run.Trace, run.Steps);
    }
}
