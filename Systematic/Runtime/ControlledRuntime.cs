using System.Diagnostics;
using System.Numerics;

namespace Torture.Systematic;

/// <summary>
/// One controlled iteration. Exactly one logical thread runs at a time; before each operation it
/// parks at a scheduling point and the strategy picks who runs next. A thread that the strategy
/// keeps is not switched (no OS hand-off). Under an <see cref="IExternalScheduler"/> the other
/// engine owns the threads and picks who runs; the runtime still offers it only the enabled set and
/// records each pick as the same decision its own strategies make, so the schedule replays here.
/// </summary>
internal sealed class ControlledRuntime : ExecutionRuntime
{
    private readonly IStrategy? strategy;
    private readonly IPendingAware? pendingAware;
    private readonly IStepAware? stepAware;
    private readonly IFootprintAware? footprints;
    /// <summary>Some runtime of this process logs footprints, so lockless <see cref="Atomic"/> accesses must say so.</summary>
    internal static volatile bool AnyFootprints;
    private readonly WorkerPool? pool;
    private readonly IExternalScheduler? external;
    /// <summary>External scheduling: the enabled set at the last hand-over, whose pick the next thread to go on records.</summary>
    private ulong offered;
    private readonly Baton controllerGate = new();
    private readonly long maxSteps;
    private readonly HotMonitors monitors;
    private readonly TimeSpan watchdog;
    internal readonly LockDep? LockDep;
    /// <summary>The store buffers when the iteration models weak memory; null: sequentially consistent.</summary>
    internal readonly StoreBuffers? Weak;
    internal readonly List<LogicalThread> Threads = new(8);
    internal readonly List<Decision> Decisions = new(256);
    internal readonly List<TraceEvent>? Trace;
    internal const string SetupName = "setup";
    internal const string EndCheckName = "end-check";
    private readonly LogicalThread soloThread = new(-1, SetupName, static () => { });
    private readonly LogicalThread endCheckThread = new(-1, EndCheckName, static () => { });

    /// <summary>The thread holding the baton (the solo thread during setup and end checks).</summary>
    internal LogicalThread? Running;
    private bool solo = true;
    private bool inStepCheck;
    private int quiet;
    private List<Action>? stepChecks;
    private long steps;
    private long progress;
    private int alive;
    private int pendingUnwind;
    private int started;
    private volatile bool abandoned;
    private int abandoning;
    internal Bug? Bug;
    internal Exception? InputError;

    public ControlledRuntime(IStrategy strategy, WorkerPool pool, LockDep? lockDep, long maxSteps, TimeSpan watchdog, bool trace, bool weakMemory = false)
    {
        Weak = weakMemory ? new StoreBuffers() : null;
        this.strategy = strategy;
        pendingAware = strategy as IPendingAware;
        stepAware = strategy as IStepAware;
        footprints = strategy as IFootprintAware;
        if (footprints is not null) AnyFootprints = true;
        this.pool = pool;
        LockDep = lockDep;
        this.maxSteps = maxSteps;
        monitors = new HotMonitors(maxSteps);
        this.watchdog = watchdog;
        Trace = trace ? new List<TraceEvent>(1024) : null;
        Running = soloThread;
    }

    /// <summary>An iteration another engine schedules: no pool, no watchdog (the engine has its own time-outs).</summary>
    public ControlledRuntime(IExternalScheduler external, LockDep? lockDep, long maxSteps, bool trace, bool weakMemory = false)
        : this(null!, null!, lockDep, maxSteps, Timeout.InfiniteTimeSpan, trace, weakMemory) => this.external = external;

    public long Steps => steps;
    public bool Abandoned => abandoned;
    public override bool IsTracing => Trace is not null;
    public override string CurrentThreadName => Running?.ThreadName ?? "controller";

    /// <summary>Running alone, a step check or a note's text: nothing done now is part of the interleaving.</summary>
    internal bool Quiet => solo || inStepCheck || quiet > 0;

    // ---- the scheduling point -------------------------------------------------------------

    /// <summary>Park the running thread before <paramref name="op"/> and let the strategy decide who runs.</summary>
    internal void Point(OpKind op, ISyncObject? obj)
    {
        var t = Running;
        // Null: the watchdog took the baton from this (slow, not stuck) thread.
        if (t is null || abandoned) throw new IterationCanceledException();
        t.PendingOp = op;
        t.PendingObj = obj;
        if (solo || inStepCheck || quiet > 0)
        {
            if (obj is not null && !obj.IsEnabled(t, op))
                FailNow(BugKind.Deadlock, "deadlock", $"{t.ThreadName} blocks on {obj.Name} ({op}) while running alone");
            return;
        }
        progress++;
        if (++steps > maxSteps)
            FailNow(BugKind.MaxStepsExceeded, "max-steps", $"exceeded {maxSteps} scheduling steps: possible livelock");
        if (monitors.Count > 0 && monitors.Step(t, steps, Threads) is { } stuck) FailWith(stuck);
        stepAware?.Reached(t, op, obj);
        if (stepChecks is not null) RunStepChecks(t, op, obj);
        if (t.AtFirstOp)
        {
            // The thread's start was the scheduling point before this block: its prefix (which may
            // touch shared state) and its first operation run as one step, as any code between two
            // operations does, so no second decision is taken here unless the operation must wait.
            t.AtFirstOp = false;
            if (t.Enabled)
            {
                footprints?.Touch(op, obj);
                return;
            }
        }
        // The watchdog may have given up on a slow thread meanwhile: the strategy is not asked again.
        if (abandoned) throw new IterationCanceledException();
        if (external is not null)
        {
            HandOver(t);
            return;
        }
        var next = PickNext(t);
        if (next is null || abandoned) throw new IterationCanceledException();
        if (!ReferenceEquals(next, t))
        {
            if (!HandOff(t, next)) throw new IterationCanceledException();
            next.Gate.Release();
            Park(t);
        }
    }

    /// <summary>
    /// Pass the baton from <paramref name="from"/> to <paramref name="to"/> (null: the controller).
    /// The watchdog takes it from a thread it gives up on the same way, so only one of the two
    /// ever hands it on: false means the watchdog won and this thread must unwind.
    /// </summary>
    private bool HandOff(LogicalThread from, LogicalThread? to) =>
        ReferenceEquals(Interlocked.CompareExchange(ref Running, to, from), from);

    private void RunStepChecks(LogicalThread t, OpKind op, ISyncObject? obj)
    {
        inStepCheck = true;
        try
        {
            foreach (var check in stepChecks!) check();
        }
        finally
        {
            inStepCheck = false;
            t.PendingOp = op;
            t.PendingObj = obj;
        }
    }

    private void Park(LogicalThread t)
    {
        t.Gate.Wait();
        if (abandoned) throw new IterationCanceledException();
    }

    /// <summary>The threads that can go on; none abandons the iteration for a deadlock.</summary>
    private ulong EnabledOrDeadlock()
    {
        ulong mask = 0;
        var threads = Threads;
        for (int i = 0; i < threads.Count; i++)
        {
            if (threads[i].Enabled) mask |= 1UL << i;
        }
        if (mask == 0) Abandon(Deadlock.Report(threads, steps));
        return mask;
    }

    /// <summary>The next thread to run, or null after abandoning the iteration for a deadlock.</summary>
    private LogicalThread? PickNext(LogicalThread? running)
    {
        ulong mask = EnabledOrDeadlock();
        if (mask == 0) return null;
        var next = BitOperations.IsPow2(mask) ? Threads[BitOperations.TrailingZeroCount(mask)] : Decide(running, mask);
        if (footprints is not null && next is not null) footprints.StepBegins(next, mask, allOpaque: stepChecks is not null);
        return next;
    }

    /// <summary>A lockless access the step's footprint cannot name (<see cref="Atomic"/>): the step conflicts with every other.</summary>
    internal static void TouchUnknown()
    {
        if (Ambient is ControlledRuntime { footprints: { } f } c && !c.Quiet) f.Touch(OpKind.Yield, null);
    }

    /// <summary>The running step also touches <paramref name="obj"/> as <paramref name="op"/> does, without a scheduling point.</summary>
    internal void Touch(OpKind op, object obj)
    {
        if (footprints is not null && !Quiet) footprints.Touch(op, obj);
    }

    /// <summary>Two or more threads can run: the strategy (or the fair suffix) picks, and the pick is recorded.</summary>
    private LogicalThread? Decide(LogicalThread? running, ulong mask)
    {
        var threads = Threads;
        int current = running is not null && running.Id >= 0 && (mask & (1UL << running.Id)) != 0 ? running.Id : -1;
        int chosen;
        if (monitors.Fair)
        {
            // The fair suffix: round robin after the thread that ran, recorded like any decision.
            chosen = Mask.Cyclic(mask, (running?.Id ?? -1) + 1).First();
            Decisions.Add(Decision.Thread(chosen, mask));
            return threads[chosen];
        }
        pendingAware?.Pending(threads);
        try { chosen = strategy!.NextThread(mask, current); }
        catch (TortureInputException e) { AbandonForInput(e); return null; }
        if ((mask & (1UL << chosen)) == 0)
            throw new InvalidOperationException($"strategy {strategy.Name} chose thread {chosen} outside the enabled set {Decision.FormatMask(mask)}");
        Decisions.Add(Decision.Thread(chosen, mask));
        return threads[chosen];
    }

    // ---- external scheduling -----------------------------------------------------------------

    /// <summary>
    /// The running thread gives the engine its turn: the enabled set is offered first (our deadlock
    /// report, with lock names, wins over the engine's), and with one thread able to run there is no
    /// choice to hand over, as with our own strategies.
    /// </summary>
    private void HandOver(LogicalThread t)
    {
        offered = EnabledOrDeadlock();
        if (offered == 0) throw new IterationCanceledException();
        if (!BitOperations.IsPow2(offered)) external!.Interleave();
        GoOn(t);
    }

    /// <summary>
    /// Wait until the engine runs this thread while it is enabled and a turn is on offer; then it has
    /// been picked. The engine may resume a thread at a point of its own: the start of another thread
    /// (before every declared thread exists, so exits would count too few) or while another thread is
    /// between its pick and its next scheduling point. Such a thread waits, so no two run model code.
    /// </summary>
    private void GoOn(LogicalThread t)
    {
        while (true)
        {
            if (abandoned) throw new IterationCanceledException();
            if (CanGoOn(t)) break;
            // Picked while blocked, or while no turn is on offer: wait until it can go on.
            external!.PauseUntil(() => abandoned || CanGoOn(t));
        }
        Running = t;
        // Only one thread runs at a time, so the first to go on after an offer is the engine's pick.
        if (!BitOperations.IsPow2(offered)) Decisions.Add(Decision.Thread(t.Id, offered));
        offered = 0;
    }

    /// <summary>Every declared thread has been started (external scheduling only).</summary>
    private bool allStarted;

    private bool CanGoOn(LogicalThread t) => allStarted && offered != 0 && t.Enabled;

    // ---- threads ---------------------------------------------------------------------------

    internal LogicalThread NewThread(string name, Action body)
    {
        if (Threads.Count >= 64) throw new InvalidOperationException("a controlled iteration supports at most 64 logical threads");
        var t = new LogicalThread(Threads.Count, name, body);
        Threads.Add(t);
        return t;
    }

    /// <summary>
    /// Make a new thread alive, parked at its start: starting is a scheduling point like any other,
    /// so no code of the thread runs before the strategy first picks it.
    /// </summary>
    internal void Start(LogicalThread t)
    {
        t.PendingOp = OpKind.Start;
        t.PendingObj = null;
        t.AtFirstOp = true;
        alive++;
        started++;
        if (external is not null)
        {
            external.Start(t.ThreadName, () => WorkerBody(t));
            return;
        }
        t.Worker = pool!.Rent();
        t.Worker.Assign(() => WorkerBody(t));
    }

    private void WorkerBody(LogicalThread t)
    {
        Ambient = this;
        try
        {
            // A thread released only so that an abandoned iteration can unwind never starts.
            if (abandoned) return;
            if (external is not null) GoOn(t);
            Record(t, OpKind.Start, null, null);
            t.Body();
            OnBodyReturned(t);
        }
        catch (IterationCanceledException) { }
        catch (TortureInputException e) { AbandonForInput(e); }
        catch (Exception e) when (external?.IsTeardown(e) == true) { throw; }
        catch (Exception e) when (!abandoned)
        {
            Abandon(new Bug(BugKind.UnhandledException, null, $"{e.GetType().Name}: {e.Message}\n{e.StackTrace}", t.ThreadName, steps));
        }
        catch (Exception) { }
        finally
        {
            Ambient = null;
            t.Unwound = true;
            if (t.CountedForUnwind && Interlocked.Decrement(ref pendingUnwind) == 0) controllerGate.Release();
        }
    }

    private void OnBodyReturned(LogicalThread t)
    {
        if (abandoned) return;
        progress++;
        if (t.Held.Count > 0)
        {
            var held = string.Join(", ", t.Held.Select(h => h.Lock.Name));
            Abandon(new Bug(BugKind.ExitHoldingLock, "lock-held-at-exit", $"{t.ThreadName} ended holding {held}", t.ThreadName, steps));
            return;
        }
        // What a thread stored is visible once it has ended (a join or the end checks read it).
        Weak?.Flush(t);
        t.State = ThreadState.Completed;
        alive--;
        Record(t, OpKind.Exit, null, null);
        footprints?.Touch(OpKind.Exit, t);
        if (external is not null)
        {
            // The engine picks the next thread when this one ends; with none left the controller's join returns.
            if (alive > 0) offered = EnabledOrDeadlock();
            return;
        }
        if (alive == 0)
        {
            if (HandOff(t, null)) controllerGate.Release();
            return;
        }
        var next = PickNext(null);
        if (next is null || !HandOff(t, next)) return;
        next.Gate.Release();
    }

    // ---- the controller's side -------------------------------------------------------------

    /// <summary>Start the declared threads, run them to completion (or abandonment) and wait for every worker to come home.</summary>
    internal void RunThreads(IReadOnlyList<(string Name, Action Body)> declared, List<Action> checksAtEachStep, List<Action> threadExits)
    {
        stepChecks = checksAtEachStep.Count > 0 ? checksAtEachStep : null;
        solo = false;
        if (external is not null)
        {
            RunThreadsExternally(declared, threadExits);
            return;
        }
        foreach (var (name, body) in declared) Start(NewThread(name, threadExits.Count == 0 ? body : WithExitHooks(body, threadExits)));
        if (alive > 0)
        {
            var first = PickNext(null);
            if (first is not null)
            {
                Running = first;
                first.Gate.Release();
                WaitController();
            }
        }
        // Every worker of this iteration is back in the pool before the next iteration rents one.
        var spin = new SpinWait();
        while (pool!.ReturnedCount - returnedAtStart < started - detached) spin.SpinOnce(sleep1Threshold: -1);   // never Sleep(1): the last worker is a moment away
        footprints?.RunEnds(Threads);
        solo = true;
        Running = endCheckThread;
    }

    /// <summary>Every declared thread exists (parked at its start) before the engine may run the first.</summary>
    private void RunThreadsExternally(IReadOnlyList<(string Name, Action Body)> declared, List<Action> threadExits)
    {
        var threads = declared.Select(d => NewThread(d.Name, threadExits.Count == 0 ? d.Body : WithExitHooks(d.Body, threadExits))).ToList();
        offered = threads.Count == 0 ? 0 : EnabledOrDeadlock();
        allStarted = false;
        foreach (var t in threads) Start(t);
        allStarted = true;
        external!.JoinAll();
        solo = true;
        Running = endCheckThread;
    }

    private static Action WithExitHooks(Action body, List<Action> hooks) => () =>
    {
        body();
        foreach (var hook in hooks) hook();
    };

    private int returnedAtStart;
    private int detached;

    internal void MarkPoolBaseline() => returnedAtStart = pool?.ReturnedCount ?? 0;

    /// <summary>Wait for the baton to come back, watching for a thread stuck in native code.</summary>
    private void WaitController()
    {
        long lastProgress = Volatile.Read(ref progress);
        var sw = Stopwatch.StartNew();
        while (!controllerGate.Wait(50))
        {
            long p = Volatile.Read(ref progress);
            if (p != lastProgress) { lastProgress = p; sw.Restart(); continue; }
            if (sw.Elapsed < watchdog) continue;
            if (abandoned)
            {
                GiveUpOnUnwinding();
                return;
            }
            var stuck = Volatile.Read(ref Running);
            if (stuck is null) { sw.Restart(); continue; }
            // Take the baton from the thread, unless it handed it on at this very moment.
            if (!ReferenceEquals(Interlocked.CompareExchange(ref Running, null, stuck), stuck)) continue;
            int others = AbandonFromController(new Bug(BugKind.StuckThread, "watchdog",
                $"{stuck.ThreadName} ran for {watchdog.TotalSeconds:0.#} s without reaching a scheduling point (an infinite loop outside Torture primitives?)",
                stuck.ThreadName, steps), stuck);
            if (pool!.Detach(stuck.Worker!)) detached++;
            if (others == 0) return;
            sw.Restart();   // the others unwind now; that wait is bounded too
        }
    }

    /// <summary>
    /// After a bug, the other threads should unwind at once. One that has not after a whole watchdog
    /// period (model code swallowing IterationCanceledException, a finally stuck in native code) is
    /// given up on like a stuck thread, so the exploration goes on instead of hanging.
    /// </summary>
    private void GiveUpOnUnwinding()
    {
        var lingering = new List<string>();
        foreach (var th in Threads)
        {
            if (!th.CountedForUnwind || th.Unwound) continue;
            if (pool!.Detach(th.Worker!)) detached++;
            lingering.Add(th.ThreadName);
        }
        if (lingering.Count > 0 && Bug is not null)
            Bug = Bug with { Message = $"{Bug.Message}\n(then {string.Join(", ", lingering)} did not unwind within {watchdog.TotalSeconds:0.#} s and was given up on: does model code catch IterationCanceledException?)" };
    }

    // ---- failures --------------------------------------------------------------------------

    /// <summary>Record the first bug, release every parked thread so it unwinds, and stop the iteration.</summary>
    internal void Abandon(Bug bug) => AbandonCore(bug, except: Running);

    private int AbandonFromController(Bug bug, LogicalThread stuck) => AbandonCore(bug, except: stuck, stuck);

    private int AbandonCore(Bug? bug, LogicalThread? except, LogicalThread? notCounted = null)
    {
        // One abandoner: a thread finding a bug can race the watchdog giving up on it.
        if (Interlocked.Exchange(ref abandoning, 1) != 0) return 0;
        Bug ??= bug;
        int count = 0;
        foreach (var th in Threads)
        {
            if (th.State != ThreadState.Alive || th.Worker is null || ReferenceEquals(th, notCounted)) continue;
            th.CountedForUnwind = true;
            count++;
        }
        pendingUnwind = count;
        abandoned = true;
        foreach (var th in Threads)
        {
            if (th.CountedForUnwind && !ReferenceEquals(th, except)) th.Gate.Release();
        }
        return count;
    }

    private void AbandonForInput(TortureInputException e)
    {
        InputError ??= e;
        AbandonCore(null, Running);
    }

    /// <summary>Record a bug found by a check and unwind the running thread.</summary>
    internal void FailWith(Bug bug)
    {
        Abandon(bug);
        throw new IterationCanceledException();
    }

    /// <summary>Record a bug and unwind the running thread.</summary>
    internal void FailNow(BugKind kind, string? check, string message)
    {
        var t = Running;
        Abandon(new Bug(kind, check, message, t?.ThreadName, steps));
        throw new IterationCanceledException();
    }

    // ---- the public runtime surface --------------------------------------------------------

    public override void Yield(string? what = null)
    {
        Point(OpKind.Yield, null);
        RecordNamed(Running!, OpKind.Yield, what, null);
    }

    public override int Choose(int n)
    {
        if (abandoned) throw new IterationCanceledException();
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), "Choose needs at least one option");
        if (n == 1) return 0;
        int v;
        try { v = external?.NextInteger(n) ?? strategy!.NextInt(n); }
        catch (TortureInputException e) { AbandonForInput(e); throw new IterationCanceledException(); }
        if ((uint)v >= (uint)n) throw new InvalidOperationException($"strategy {strategy?.Name ?? "external"} chose {v} outside [0,{n})");
        Decisions.Add(Decision.Data(v, n));
        if (Trace is not null) Record(Running!, OpKind.Choose, null, $"{v} of {n}");
        return v;
    }

    public override void Fail(BugKind kind, string? check, string message) => FailNow(kind, check, message);

    public override void Hot(string monitor, string why) => monitors.Hot(monitor, why, steps);

    public override void Cold(string monitor) => monitors.Cold(monitor);

    /// <summary>After every thread ended: a monitor still hot is a violation.</summary>
    internal void CheckMonitorsAtEnd()
    {
        if (Bug is null && !abandoned && monitors.AtEnd(steps) is { } stuck) Bug = stuck;
    }

    internal override NonBlockState NonBlock => Running?.NonBlock ?? base.NonBlock;

    public override ThreadHandle Spawn(string name, Action body)
    {
        if (solo) throw new InvalidOperationException("declare a program's threads with ProgramBuilder.Thread; Spawn is for running threads");
        var s = Running!;
        Point(OpKind.Spawn, null);
        Weak?.Flush(s);   // the new thread sees what its parent stored before creating it
        var t = NewThread(name, body);
        Record(s, OpKind.Spawn, t, null);
        Start(t);
        footprints?.Touch(OpKind.Spawn, t);
        return new ThreadHandle(t, null);
    }

    public override void Join(ThreadHandle handle)
    {
        var t = handle.Logical ?? throw new InvalidOperationException("that thread belongs to another runtime");
        Point(OpKind.Join, t);
        Record(Running!, OpKind.Join, t, null);
    }

    public override void Fence()
    {
        if (Weak is not null && Running is { } t && !Quiet) Weak.Flush(t);
    }

    public override void BeginQuiet() => quiet++;
    public override void EndQuiet() => quiet--;

    public override void Note(string text)
    {
        if (Trace is not null) Record(Running!, OpKind.Note, null, text);
    }

    /// <summary>Append an event to the trace when tracing.</summary>
    internal void Record(LogicalThread t, OpKind op, ISyncObject? obj, string? detail) => RecordNamed(t, op, obj?.Name, detail);

    private void RecordNamed(LogicalThread t, OpKind op, string? objectName, string? detail)
    {
        // What checks and note texts read is not part of the interleaving.
        if (inStepCheck || quiet > 0) return;
        Trace?.Add(new TraceEvent(steps, t.ThreadName, op, objectName, detail));
    }
}
