namespace Torture.Systematic;

/// <summary>
/// The runtime the current OS thread's Torture code runs under: controlled (one logical thread at a
/// time, a strategy decides) or native (real threads). Primitives capture it when they are created.
/// </summary>
internal abstract class ExecutionRuntime
{
    [ThreadStatic] private static ExecutionRuntime? ambient;

    internal static ExecutionRuntime? Ambient
    {
        get => ambient;
        set => ambient = value;
    }

    internal static ExecutionRuntime Current => ambient
        ?? throw new InvalidOperationException("Torture primitives are used only inside a Torture program run by the Explorer or the NativeRunner.");

    public abstract bool IsTracing { get; }
    public abstract void Yield(string? what = null);
    public abstract int Choose(int n);
    public abstract void Fail(BugKind kind, string? check, string message);
    public abstract ThreadHandle Spawn(string name, Action body);
    public abstract void Join(ThreadHandle handle);
    public abstract void Note(string text);

    /// <summary>smp_mb(): the running thread's buffered stores become visible (weak memory only).</summary>
    public virtual void Fence() { }

    /// <summary>While a note's text is built, primitives it reads are not scheduling points (tracing must not change the schedule).</summary>
    public virtual void BeginQuiet() { }
    public virtual void EndQuiet() { }
    public abstract string CurrentThreadName { get; }

    /// <summary>A liveness monitor goes hot (native runs do not check liveness).</summary>
    public virtual void Hot(string monitor, string why) { }

    public virtual void Cold(string monitor) { }

    [ThreadStatic] private static NonBlockState? nonBlock;

    /// <summary>The running thread's non_block section (native threads: one per OS thread, made fresh by Spawn).</summary>
    internal virtual NonBlockState NonBlock => nonBlock ??= new NonBlockState();
}
