using Torture.Systematic;

namespace Torture.Bench.Peers;

/// <summary>
/// pthread_cond_t (and a .NET monitor's Wait/Pulse) on Systematic's primitives: a waiter releases the
/// mutex and sleeps until a signal sent after it began waiting, then takes the mutex again; a signal
/// with nobody waiting is lost, as in pthreads. Waiters hold tickets in arrival order and a signal
/// releases the oldest, so no later waiter can take a wake-up meant for one already asleep.
/// </summary>
internal sealed class CondVar(string name)
{
    private readonly WaitQueue queue = new(name);
    private long nextTicket;
    private long released;

    /// <summary>pthread_cond_wait(): the caller holds <paramref name="mutex"/>.</summary>
    public void Wait(Mutex mutex)
    {
        long ticket = nextTicket++;
        mutex.Unlock();
        queue.WaitEvent(() => ticket < released);
        mutex.Lock();
    }

    /// <summary>pthread_cond_signal(): release the oldest waiter, if there is one.</summary>
    public void Signal()
    {
        if (released == nextTicket) return;
        released++;
        queue.WakeUpAll();
    }

    /// <summary>pthread_cond_broadcast().</summary>
    public void Broadcast()
    {
        if (released == nextTicket) return;
        released = nextTicket;
        queue.WakeUpAll();
    }
}
