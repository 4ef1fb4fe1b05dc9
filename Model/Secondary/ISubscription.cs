namespace Torture.Model;

/// <summary>How a secondary MMU hears of invalidations: an mmu_notifier on the mm's list, or an interval notifier in its tree.</summary>
public interface ISubscription
{
    /// <summary>Invalidations of its mm reach it (hashed on the list; in the interval tree or queued to enter it).</summary>
    bool Subscribed { get; }

    /// <summary>Where it stands when it is not subscribed, for messages.</summary>
    string State { get; }
}
