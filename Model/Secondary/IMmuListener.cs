namespace Torture.Model;

/// <summary>A driver that subscribes to an mm's notifier: what registration and unregistration need of it.</summary>
public interface IMmuListener : IMmBound
{
    string Name { get; }

    /// <summary>Its struct mmu_notifier.</summary>
    MmuNotifier Notifier { get; }
}
