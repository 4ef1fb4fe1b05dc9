namespace Torture.Systematic;

/// <summary>
/// A pooled OS thread that runs one logical thread at a time. Its gate is the baton: a logical
/// thread runs only after its gate was released, so exactly one runs in controlled mode.
/// </summary>
internal sealed class Worker
{
    public readonly Baton Gate = new();
    private readonly WorkerPool pool;
    private readonly Thread os;
    private Action? job;
    private volatile bool exit;
    /// <summary>Given up on (its thread is stuck in native code); it leaves the pool if it ever comes back.</summary>
    public volatile bool Detached;

    public Worker(WorkerPool pool, int index)
    {
        this.pool = pool;
        os = new Thread(Loop, 256 * 1024) { IsBackground = true, Name = $"torture-worker-{index}" };
        os.Start();
    }

    /// <summary>Give the worker its job; it starts when its gate is first released.</summary>
    public void Assign(Action work) => job = work;

    public void Run(Action work)
    {
        Assign(work);
        Gate.Release();
    }

    public void Stop()
    {
        exit = true;
        Gate.Release();
    }

    private void Loop()
    {
        while (true)
        {
            Gate.Wait();
            if (exit || Detached) return;
            var work = job!;
            job = null;
            work();
            if (Detached) return;
            pool.Return(this);
        }
    }
}

/// <summary>OS threads reused across iterations, so an iteration creates no thread.</summary>
internal sealed class WorkerPool : IDisposable
{
    private readonly Stack<Worker> idle = new();
    private readonly List<Worker> all = new();
    private readonly Lock gate = new();
    private int returned;

    public int Created { get { lock (gate) return all.Count; } }

    public int ReturnedCount => Volatile.Read(ref returned);

    public Worker Rent()
    {
        lock (gate)
        {
            while (idle.Count > 0)
            {
                var idleWorker = idle.Pop();
                if (!idleWorker.Detached) return idleWorker;
                // Given up on by the watchdog (or a native hang) just as it came home: never reuse it,
                // its loop would drop the job and the next iteration would look stuck.
                idleWorker.Stop();
            }
            var w = new Worker(this, all.Count);
            all.Add(w);
            return w;
        }
    }

    public void Return(Worker w)
    {
        lock (gate) idle.Push(w);
        Interlocked.Increment(ref returned);
    }

    public void Detach(Worker w)
    {
        w.Detached = true;
        lock (gate) all.Remove(w);
    }

    public void Dispose()
    {
        lock (gate)
        {
            foreach (var w in all) w.Stop();
            all.Clear();
            idle.Clear();
        }
    }
}
