namespace Torture.Model;

/// <summary>
/// kernel/rcu/srcutree.c, reduced to its contract: a grace period (synchronize_srcu, call_srcu) waits
/// for every read section that began before it, and only those. Read sections may sleep. A reader
/// that calls synchronize on its own SRCU waits for itself forever, which the scheduler reports as a
/// deadlock. Per-CPU counters and epochs are not modelled: on real threads one lock (<see cref="state"/>)
/// orders the reader list, which the kernel's per-CPU counters and their memory barriers do.
/// </summary>
public sealed class Srcu
{
    private readonly WaitQueue gracePeriod;
    private readonly List<(int Ticket, string Thread)> readers = new(4);
    private readonly List<(int Before, Action Callback)> callbacks = new();
    private int lastTicket;
    private int waiting;
    private readonly NativeLock state = new();

    internal Srcu(string name)
    {
        Name = name;
        gracePeriod = new WaitQueue($"{name} grace period");
    }

    public string Name { get; }

    /// <summary>Read sections now open (for checkers and tests).</summary>
    public int ActiveReaders
    {
        get
        {
            using var _ = state.Hold();
            return readers.Count;
        }
    }

    /// <summary>srcu_read_lock(): returns the index to pass to <see cref="ReadUnlock"/>.</summary>
    public int ReadLock()
    {
        // this_cpu_inc() of the lock count plus smp_mb(): a memory operation other CPUs race with.
        Sched.Yield($"srcu_read_lock({Name})");
        using var _ = state.Hold();
        int ticket = ++lastTicket;
        readers.Add((ticket, Sched.ThreadName));
        return ticket;
    }

    /// <summary>srcu_read_unlock(): may end grace periods, running their callbacks and waking synchronizers.</summary>
    public void ReadUnlock(int ticket)
    {
        // smp_mb() plus this_cpu_inc() of the unlock count, raced with like the lock side.
        Sched.Yield($"srcu_read_unlock({Name})");
        bool wake;
        using (state.Hold())
        {
            int at = readers.FindIndex(r => r.Ticket == ticket);
            KernelBug.On(at < 0, $"srcu_read_unlock({Name}, {ticket}) by {Sched.ThreadName} without a matching srcu_read_lock");
            readers.RemoveAt(at);
            wake = waiting > 0;
        }
        RunElapsedCallbacks();
        if (wake) gracePeriod.WakeUpAll();
    }

    /// <summary>synchronize_srcu(): return once every read section open now has closed.</summary>
    public void Synchronize()
    {
        // The grace period starts with a memory operation (the counter flip); readers that race
        // with it may or may not be waited for, so it is a scheduling point of its own.
        Sched.Yield($"synchronize_srcu({Name}) starts a grace period");
        int before;
        using (state.Hold())
        {
            before = lastTicket;
            if (!Elapsed(before)) Sched.Note($"synchronize_srcu({Name}) waits for {string.Join(", ", readers.Where(r => r.Ticket <= before).Select(r => r.Thread))}");
            // Counted before the wait looks at the readers: an unlock that misses the count has
            // already removed its reader where the wait's check will see it.
            waiting++;
        }
        gracePeriod.WaitEvent(() => Elapsed(before));
        using (state.Hold()) waiting--;
        Sched.Note($"synchronize_srcu({Name}) done");
    }

    /// <summary>call_srcu(): run <paramref name="callback"/> once every read section open now has closed.</summary>
    public void CallSrcu(Action callback)
    {
        using (state.Hold()) callbacks.Add((lastTicket, callback));
        RunElapsedCallbacks();
    }

    private bool Elapsed(int before)
    {
        using var _ = state.Hold();   // reentrant: also called with it held
        foreach (var r in readers) if (r.Ticket <= before) return false;
        return true;
    }

    // The callbacks run in the context of the reader that ended the grace period (the model's SRCU
    // callback "softirq"): they must not sleep, as in the kernel.
    private void RunElapsedCallbacks()
    {
        while (NextElapsedCallback() is { } cb)
        {
            Sched.NonBlockStart($"an SRCU callback run by {Sched.ThreadName}'s srcu_read_unlock");
            cb();
            Sched.NonBlockEnd();
        }
    }

    // Taken off the list under the lock, run outside it: a callback may take locks of its own, and
    // only one unlocker runs each.
    private Action? NextElapsedCallback()
    {
        using var _ = state.Hold();
        for (int i = 0; i < callbacks.Count; i++)
        {
            if (!Elapsed(callbacks[i].Before)) continue;
            var cb = callbacks[i].Callback;
            callbacks.RemoveAt(i);
            return cb;
        }
        return null;
    }
}
