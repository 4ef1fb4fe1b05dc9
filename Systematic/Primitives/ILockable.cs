namespace Torture.Systematic;

/// <summary>A lock that can serve as the nest lock of down_write_nest_lock.</summary>
public interface ILockable
{
    string Name { get; }
    bool IsHeldByCurrent { get; }
    internal ILockObject AsLockObject { get; }
}
