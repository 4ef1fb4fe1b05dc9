namespace Torture.Systematic;

/// <summary>
/// The hand-off gate of a pooled OS thread (a counting semaphore with one waiter). A controlled
/// switch releases the next thread's baton and waits on its own; the waiter spins briefly first, because
/// the thread it handed to often hands back within a microsecond, and only then sleeps. Waking a
/// spinning waiter is one interlocked write, with no lock and no system call.
/// </summary>
internal sealed class Baton
{
    /// <summary>Rounds of <see cref="SpinWait.SpinOnce(int)"/> before sleeping (SemaphoreSlim uses 4 x 35).</summary>
    internal static int SpinRounds = 140;

    private readonly object mon = new();
    private int permits;
    private int sleepers;

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
        var spinner = new SpinWait();
        while (spinner.Count < SpinRounds)
        {
            spinner.SpinOnce(sleep1Threshold: -1);
            if (TryTake()) return true;
        }
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
