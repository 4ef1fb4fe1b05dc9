namespace Torture.Systematic;

/// <summary>A spawned thread, to join.</summary>
public sealed class ThreadHandle
{
    internal readonly LogicalThread? Logical;
    internal readonly Thread? Native;

    internal ThreadHandle(LogicalThread? logical, Thread? native)
    {
        Logical = logical;
        Native = native;
    }

    public string Name => Logical?.ThreadName ?? Native?.Name ?? "?";

    public void Join() => ExecutionRuntime.Current.Join(this);
}
