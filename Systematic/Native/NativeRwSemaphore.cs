namespace Torture.Systematic;

/// <summary>The rw_semaphore on real threads: a monitor over a reader count, a writer and waiting writers.</summary>
internal sealed class NativeRwSemaphore
{
    private readonly object mon = new();
    private readonly List<int> readers = new();
    private int writer;
    private int waitingWriters;

    private static int Me => Environment.CurrentManagedThreadId;

    public void DownRead()
    {
        lock (mon)
        {
            while (writer != 0 || waitingWriters > 0) Monitor.Wait(mon);
            readers.Add(Me);
        }
    }

    public bool TryDownRead()
    {
        lock (mon)
        {
            if (writer != 0 || waitingWriters > 0) return false;
            readers.Add(Me);
            return true;
        }
    }

    public bool UpRead()
    {
        lock (mon)
        {
            if (!readers.Remove(Me)) return false;
            Monitor.PulseAll(mon);
            return true;
        }
    }

    public void DownWrite()
    {
        lock (mon)
        {
            waitingWriters++;
            while (writer != 0 || readers.Count > 0) Monitor.Wait(mon);
            waitingWriters--;
            writer = Me;
        }
    }

    public bool TryDownWrite()
    {
        lock (mon)
        {
            if (writer != 0 || readers.Count > 0) return false;
            writer = Me;
            return true;
        }
    }

    public bool UpWrite()
    {
        lock (mon)
        {
            if (writer != Me) return false;
            writer = 0;
            Monitor.PulseAll(mon);
            return true;
        }
    }

    public bool Downgrade()
    {
        lock (mon)
        {
            if (writer != Me) return false;
            writer = 0;
            readers.Add(Me);
            Monitor.PulseAll(mon);
            return true;
        }
    }

    public bool WriteHeldByCurrent { get { lock (mon) return writer == Me; } }
    public bool ReadHeldByCurrent { get { lock (mon) return readers.Contains(Me); } }
    public bool IsLocked { get { lock (mon) return writer != 0 || readers.Count > 0; } }
}
