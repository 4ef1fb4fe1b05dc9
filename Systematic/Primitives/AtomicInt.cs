namespace Torture.Systematic;

/// <summary>An atomic 32-bit integer (atomic_t), stored as an <see cref="AtomicLong"/>.</summary>
public sealed class AtomicInt
{
    private readonly AtomicLong inner;

    public AtomicInt(string name, int initial = 0) => inner = new AtomicLong(name, initial);

    public string Name => inner.Name;
    public int Load() => (int)inner.Load();
    public void Store(int v) => inner.Store(v);
    public int Exchange(int v) => (int)inner.Exchange(v);
    public int CompareExchange(int expected, int desired) => (int)inner.CompareExchange(expected, desired);
    public int Add(int delta) => (int)inner.Add(delta);
}
