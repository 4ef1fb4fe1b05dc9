namespace Torture.Systematic;

/// <summary>A strategy that reads what each thread is about to do before it picks (POS).</summary>
internal interface IPendingAware
{
    /// <summary>The iteration's threads, indexed by id; called before every <see cref="IStrategy.NextThread"/>.</summary>
    void Pending(IReadOnlyList<LogicalThread> threads);
}
