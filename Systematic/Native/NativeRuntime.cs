namespace Torture.Systematic;

/// <summary>The same program free on real threads (stress mode): primitives map onto .NET's own.</summary>
internal sealed class NativeRuntime : ExecutionRuntime
{
    [ThreadStatic] private static string? threadName;
    private readonly Lock gate = new();
    private readonly Random random;
    internal Bug? Bug;

    /// <summary>Set with the first bug: the run stops waiting for threads that may now never finish (one holds a lock its failure left taken).</summary>
    internal readonly ManualResetEventSlim Failed = new();

    public NativeRuntime(int seed) => random = new Random(seed);

    internal static void SetThreadName(string? name) => threadName = name;

    public override bool IsTracing => false;
    public override string CurrentThreadName => threadName ?? "main";

    public override void Yield(string? what = null) => Thread.Yield();

    public override void Fence() => Interlocked.MemoryBarrier();

    public override int Choose(int n)
    {
        lock (gate) return random.Next(n);
    }

    public override void Fail(BugKind kind, string? check, string message)
    {
        lock (gate) Bug ??= new Bug(kind, check, message, CurrentThreadName, 0);
        Failed.Set();
        throw new NativeFailureException();
    }

    internal void Crashed(Exception e)
    {
        lock (gate) Bug ??= new Bug(BugKind.UnhandledException, null, $"{e.GetType().Name}: {e.Message}\n{e.StackTrace}", CurrentThreadName, 0);
        Failed.Set();
    }

    public override ThreadHandle Spawn(string name, Action body)
    {
        var t = new Thread(() =>
        {
            Ambient = this;
            SetThreadName(name);
            try { body(); }
            catch (NativeFailureException) { }
            catch (Exception e) { Crashed(e); }
        }) { IsBackground = true, Name = name };
        t.Start();
        return new ThreadHandle(null, t);
    }

    public override void Join(ThreadHandle handle) => handle.Native!.Join();

    public override void Note(string text) { }
}

/// <summary>Ends a native thread after it recorded a failure.</summary>
internal sealed class NativeFailureException : Exception
{
}
