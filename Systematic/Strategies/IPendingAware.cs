namespace Torture.Systematic;

/// <summary>A strategy that reads what each thread is about to do before it picks (POS).</summary>
internal interface IPendingAware
{
    /// <summary>The iteration's threads, indexed by id; called before every <see cref="IStrategy.NextThread"/>.</summary>
    void Pending(IReadOnlyList<LogicalThread> threads);
}

/// <summary>A strategy that counts what each thread does, decisions or not (SURW).</summary>
internal interface IStepAware
{
    /// <summary><paramref name="t"/> reached a scheduling point before <paramref name="op"/> on <paramref name="obj"/> (not during the set-up or a check).</summary>
    void Reached(LogicalThread t, OpKind op, ISyncObject? obj);
}

/// <summary>A strategy that learns what each step touched (dfs with partial-order reduction, <see cref="Dpor"/>).</summary>
internal interface IFootprintAware
{
    /// <summary><paramref name="t"/> runs next, from its pending operation; <paramref name="enabled"/>: who could have.</summary>
    void StepBegins(LogicalThread t, ulong enabled, bool allOpaque);

    /// <summary>The running step also does <paramref name="op"/> on <paramref name="obj"/> (null: memory nobody names).</summary>
    void Touch(OpKind op, object? obj);

    /// <summary>The iteration's threads have all ended or unwound.</summary>
    void RunEnds(IReadOnlyList<LogicalThread> threads);
}
