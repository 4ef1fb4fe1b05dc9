namespace Torture.Systematic;

/// <summary>
/// Makes code the model runs as one step (no scheduling point inside) one step on real threads too,
/// where the kernel gets that atomicity from something the model has no primitive for: a lock it
/// leaves out of the schedule (zone->lock, mn_invalidate_lock), an IPI handled between two
/// instructions, a single-word PTE load. Under a scheduler a step is atomic already, so this costs a
/// null test and adds no scheduling point; natively it is a real lock. Never hold it across a
/// scheduling point that can block.
/// </summary>
public sealed class NativeLock
{
    private readonly object? gate;

    public NativeLock() => gate = ExecutionRuntime.Current is NativeRuntime ? new object() : null;

    /// <summary>Hold the lock until the returned scope is disposed (<c>using var _ = x.Hold();</c>).</summary>
    public Scope Hold()
    {
        if (gate is not null) Monitor.Enter(gate);
        return new Scope(gate);
    }

    public readonly struct Scope : IDisposable
    {
        private readonly object? gate;

        internal Scope(object? gate) => this.gate = gate;

        public void Dispose()
        {
            if (gate is not null) Monitor.Exit(gate);
        }
    }
}
