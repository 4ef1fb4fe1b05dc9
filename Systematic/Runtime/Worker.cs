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
            if (!pool.Return(this)) return;
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
    private int createdEver;

    public int Created { get { lock (gate) return all.Count; } }

    public int ReturnedCount => Volatile.Read(ref returned);

    public Worker Rent()
    {
        lock (gate)
        {
            if (idle.Count > 0) return idle.Pop();
            // Numbered by creation, not by pool size: a worker given up on keeps its name to itself.
            var w = new Worker(this, ++createdEver);
            all.Add(w);
            return w;
        }
    }

    /// <summary>A worker comes home; false when it was given up on first, and its thread must end.</summary>
    public bool Return(Worker w)
    {
        lock (gate)
        {
            if (w.Detached) return false;
            idle.Push(w);
        }
        Interlocked.Increment(ref returned);
        return true;
    }

    /// <summary>
    /// Give up on a worker (stuck in native code). Decided under the same lock as its return, so it
    /// is either given up on or back home, never both: false when it came home first.
    /// </summary>
    public bool Detach(Worker w)
    {
        lock (gate)
        {
            if (idle.Contains(w)) return false;
            w.Detached = true;
            all.Remove(w);
            return true;
        }
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
