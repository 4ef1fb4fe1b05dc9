namespace Torture.Systematic;

/// <summary>
/// The operating system as the external scheduler: every logical thread is a real thread, and the
/// one holding <see cref="Gate"/> runs model code. At each scheduling point it lets go and takes
/// the gate again, so which thread goes on is decided by OS timing, as in a stress run, while code
/// between two operations stays atomic, as the model is written (kernel-model.md: one step between
/// two operations). Every pick is still recorded as a decision, so a bug found this way replays.
/// </summary>
internal sealed class OsScheduler : IExternalScheduler
{
    /// <summary>Held by whichever thread runs model code (the controller during set-up and end checks).</summary>
    public readonly object Gate = new();
    private readonly List<Thread> threads = new();
    private readonly Random random;

    public OsScheduler(int seed) => random = new Random(seed);

    public void Start(string name, Action body)
    {
        var thread = new Thread(() =>
        {
            lock (Gate)
            {
                try { body(); }
                finally { Monitor.PulseAll(Gate); }   // a thread that waits for this one to end re-checks
            }
        }, 256 * 1024) { IsBackground = true, Name = name };
        lock (threads) threads.Add(thread);
        thread.Start();
    }

    public void JoinAll()
    {
        Monitor.Exit(Gate);
        try
        {
            for (int i = 0; ; i++)
            {
                Thread next;
                lock (threads)
                {
                    if (i >= threads.Count) break;
                    next = threads[i];
                }
                next.Join();
            }
        }
        finally
        {
            Monitor.Enter(Gate);
        }
    }

    public void Interleave()
    {
        Monitor.PulseAll(Gate);
        Monitor.Exit(Gate);
        // Without a pause the thread letting go usually takes the gate straight back.
        if (random.Next(4) == 0) Thread.Yield();
        else Thread.SpinWait(random.Next(1, 64));
        Monitor.Enter(Gate);
    }

    public void PauseUntil(Func<bool> condition)
    {
        // Whoever changes what the condition reads passes a scheduling point (or ends), which pulses.
        while (!condition()) Monitor.Wait(Gate, 20);
    }

    public int NextInteger(int n) => random.Next(n);

    public bool IsTeardown(Exception e) => false;
}
