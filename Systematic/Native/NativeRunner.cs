using System.Diagnostics;

namespace Torture.Systematic;

/// <summary>What a native (stress) run saw.</summary>
public sealed record NativeResult(string Program, long Iterations, TimeSpan Elapsed, Bug? Bug, StopReason Stop);

/// <summary>
/// Runs a program's iterations free on all cores, like the kernel's rcutorture/locktorture: no
/// schedule, no replay, but real parallelism and real memory effects. A run that does not finish
/// within the deadlock timeout is reported as a hang.
/// </summary>
public static class NativeRunner
{
    public static NativeResult Run(TestProgram program, long iterations, TimeSpan? budget = null, TimeSpan? hangTimeout = null, int seed = 0,
        CancellationToken cancel = default, Action<long>? onIteration = null)
    {
        var timeout = hangTimeout ?? TimeSpan.FromSeconds(10);
        using var pool = new WorkerPool();
        var clock = Stopwatch.StartNew();
        long i = 0;
        var stop = StopReason.Iterations;
        for (; i < iterations; i++)
        {
            if (cancel.IsCancellationRequested) { stop = StopReason.Interrupted; break; }
            if (budget is { } b && clock.Elapsed >= b) { stop = StopReason.TimeBudget; break; }
            var bug = RunOne(program, pool, timeout, seed + (int)i);
            onIteration?.Invoke(i);
            if (bug is not null) return new NativeResult(program.Name, i + 1, clock.Elapsed, bug, StopReason.BugFound);
        }
        return new NativeResult(program.Name, i, clock.Elapsed, null, stop);
    }

    private static Bug? RunOne(TestProgram program, WorkerPool pool, TimeSpan timeout, int seed)
    {
        var rt = new NativeRuntime(seed);
        var builder = new ProgramBuilder();
        var previous = ExecutionRuntime.Ambient;
        ExecutionRuntime.Ambient = rt;
        try
        {
            // Named as the controlled engines name it: checkers tell the set-up's changes from the threads'.
            NativeRuntime.SetThreadName(TraceEvent.SetupThread);
            bool built = Guard(rt, () => program.Build(builder));
            NativeRuntime.SetThreadName(null);
            if (!built) return rt.Bug;
            using var done = new CountdownEvent(builder.Threads.Count);
            var workers = new List<Worker>();
            foreach (var (name, body) in builder.Threads)
            {
                var w = pool.Rent();
                workers.Add(w);
                w.Run(() =>
                {
                    ExecutionRuntime.Ambient = rt;
                    NativeRuntime.SetThreadName(name);
                    try
                    {
                        if (Guard(rt, body))
                        {
                            foreach (var exit in builder.ThreadExits) if (!Guard(rt, exit)) break;
                        }
                    }
                    finally
                    {
                        ExecutionRuntime.Ambient = null;
                        done.Signal();
                    }
                });
            }
            // After a failure the others get a moment to end; one may wait forever on the failed thread.
            if (WaitHandle.WaitAny(new[] { done.WaitHandle, rt.Failed.WaitHandle }, timeout) == 1) done.Wait(TimeSpan.FromMilliseconds(100));
            if (!done.IsSet)
            {
                foreach (var w in workers) pool.Detach(w);
                return rt.Bug ?? new Bug(BugKind.Deadlock, "native-hang", $"the native run did not finish within {timeout.TotalSeconds:0.#} s (deadlock or livelock on real threads)", null, 0);
            }
            if (rt.Bug is not null) return rt.Bug;
            foreach (var check in builder.EndChecks)
            {
                if (!Guard(rt, check)) break;
            }
            return rt.Bug;
        }
        finally
        {
            ExecutionRuntime.Ambient = previous;
        }
    }

    private static bool Guard(NativeRuntime rt, Action body)
    {
        try { body(); }
        catch (NativeFailureException) { }
        catch (Exception e) { rt.Crashed(e); }
        return rt.Bug is null;
    }
}
