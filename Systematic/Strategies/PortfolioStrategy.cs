namespace Torture.Systematic;

/// <summary>
/// A portfolio in the manner of Coyote's default: iteration i runs member i mod n, each with its own
/// state (pct keeps learning its horizon from its own iterations), all from the iteration's seed. A
/// bug no single strategy is good at is found by whichever member suits it, at the price of running
/// the others in between.
/// </summary>
public sealed class PortfolioStrategy : IStrategy, IPendingAware
{
    private readonly IStrategy[] members;
    private IStrategy current;

    public PortfolioStrategy(int pctDepth, int probabilisticN)
    {
        members = new IStrategy[] { new PctStrategy(pctDepth), new PosStrategy(), new ProbabilisticStrategy(probabilisticN), new RandomStrategy() };
        current = members[0];
    }

    public string Name => $"portfolio({string.Join(",", members.Select(m => m.Name))})";

    public bool InitIteration(long iteration, ulong seed)
    {
        current = members[iteration % members.Length];
        return current.InitIteration(iteration / members.Length, seed);
    }

    void IPendingAware.Pending(IReadOnlyList<LogicalThread> threads) => (current as IPendingAware)?.Pending(threads);

    public int NextThread(ulong enabled, int current) => this.current.NextThread(enabled, current);

    public int NextInt(int n) => current.NextInt(n);

    public void EndIteration(int threadDecisions) => current.EndIteration(threadDecisions);
}
