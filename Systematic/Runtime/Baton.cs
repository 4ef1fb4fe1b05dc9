namespace Torture.Systematic;

/// <summary>
/// The hand-off gate of a pooled OS thread: a counting semaphore with one waiter. A controlled
/// switch releases the next thread's baton and waits on its own. The waiter polls, then spins and
/// yields, and only then sleeps, because the thread it handed to often hands back within a
/// microsecond. Waking a waiter that is not asleep is one interlocked write, with no lock and no
/// system call (SemaphoreSlim's Release always takes a lock). See docs/BENCHMARKS.md.
/// </summary>
internal sealed class Baton
{
    /// <summary>Rounds of <see cref="SpinWait.SpinOnce(int)"/> before sleeping (SemaphoreSlim uses 4 x 35).</summary>
    private const int SpinRounds = 140;

    /// <summary>Most polls, one pause apart (tens of nanoseconds each), before the spinning backs off.</summary>
    private const int MaxPolls = 64;

    private readonly object mon = new();
    private int permits;
    private int sleepers;
    private int pollBudget;   // touched only by the one waiting thread

    public void Release()
    {
        Interlocked.Increment(ref permits);
        // Interlocked is a full fence: either the waiter sees the permit or we see it asleep.
        if (Volatile.Read(ref sleepers) != 0)
        {
            lock (mon) Monitor.Pulse(mon);
        }
    }

    public void Wait() => Wait(Timeout.Infinite);

    /// <summary>Take a permit, waiting up to <paramref name="millisecondsTimeout"/>; false on time-out.</summary>
    public bool Wait(int millisecondsTimeout)
    {
        if (Spin()) return true;
        long deadline = millisecondsTimeout == Timeout.Infinite ? long.MaxValue : Environment.TickCount64 + millisecondsTimeout;
        lock (mon)
        {
            Interlocked.Increment(ref sleepers);
            try
            {
                while (!TryTake())
                {
                    if (deadline == long.MaxValue) { Monitor.Wait(mon); continue; }
                    long left = deadline - Environment.TickCount64;
                    if (left <= 0 || !Monitor.Wait(mon, (int)left)) return TryTake();
                }
                return true;
            }
            finally
            {
                Interlocked.Decrement(ref sleepers);
            }
        }
    }

    /// <summary>
    /// Spin, then yield, as SemaphoreSlim does before it blocks: sleeping and waking a thread costs
    /// several microseconds (far more on a VM, where an idle vCPU must be woken), a switch between
    /// two spinning threads well under one.
    /// </summary>
    private bool Spin()
    {
        if (TryTake()) return true;
        if (!SpinningHelps) return false;
        if (Poll()) return true;
        var spinner = new SpinWait();
        while (spinner.Count < SpinRounds)
        {
            bool pausing = !spinner.NextSpinWillYield;
            spinner.SpinOnce(sleep1Threshold: -1);
            if (TryTake())
            {
                // Caught before the first yield: closer polling would have caught it sooner.
                if (pausing) pollBudget = Math.Min(MaxPolls, pollBudget * 2 + 2);
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Poll closely, one pause apart, for up to the current budget. The budget adapts to how this
    /// thread is handed the baton: it doubles after a hand-off caught by polling (two threads passing
    /// the baton to and fro) and halves after a miss (many threads, or long runs of another thread),
    /// because a poll never yields its core, which the running thread may need.
    /// </summary>
    private bool Poll()
    {
        int budget = pollBudget;
        for (int i = 0; i < budget; i++)
        {
            Thread.SpinWait(1);
            if (Volatile.Read(ref permits) > 0 && TryTake())
            {
                pollBudget = Math.Min(MaxPolls, budget * 2);
                return true;
            }
        }
        pollBudget = budget / 2;
        return false;
    }

    private bool TryTake()
    {
        int p = Volatile.Read(ref permits);
        while (p > 0)
        {
            int seen = Interlocked.CompareExchange(ref permits, p - 1, p);
            if (seen == p) return true;
            p = seen;
        }
        return false;
    }

    private static readonly bool SpinningHelps = Environment.ProcessorCount > 1;
}
