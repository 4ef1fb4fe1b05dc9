namespace Torture.Systematic;

/// <summary>How to explore: strategy and its parameters, budgets, seed and checks (coyote.json holds the defaults).</summary>
public sealed record ExplorationOptions
{
    public static readonly string[] StrategyNames = { "random", "pct", "fairpct", "probabilistic", "pos", "surw", "portfolio", "dfs" };

    public string Strategy { get; init; } = "pct";
    public long Iterations { get; init; } = 1000;
    public long MaxSteps { get; init; } = 10_000;
    public ulong Seed { get; init; }
    /// <summary>Stop starting iterations after this long (null: no time limit).</summary>
    public TimeSpan? TimeBudget { get; init; }
    public int PctDepth { get; init; } = 3;
    public int ProbabilisticN { get; init; } = 3;
    /// <summary>DFS preemption bound; negative: none.</summary>
    public int PreemptionBound { get; init; } = -1;
    /// <summary>DFS delay bound (round robin plus at most this many delays; replaces the preemption bound); negative: none.</summary>
    public int DelayBound { get; init; } = -1;
    /// <summary>DFS: partial-order reduction (<see cref="Dpor"/>): one schedule per ordering of conflicting steps.</summary>
    public bool PartialOrder { get; init; }
    /// <summary>DFS: go on from where this checkpoint stopped (its program, build and bound are checked by the caller).</summary>
    public DfsCheckpoint? ResumeFrom { get; init; }
    public bool LockOrder { get; init; } = true;
    /// <summary>Weak memory: <see cref="WeakLong"/> stores wait in store buffers until a barrier or release (off: sequentially consistent).</summary>
    public bool WeakMemory { get; init; }
    public TimeSpan Watchdog { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>Stops the exploration between two iterations (Ctrl-C, SIGTERM): the result says "interrupted".</summary>
    public CancellationToken Cancel { get; init; }
    /// <summary>Names of fault switches in force, recorded in schedule files (the program applies them).</summary>
    public IReadOnlyList<string> Faults { get; init; } = Array.Empty<string>();
    /// <summary>Explore only this shard's part (<see cref="Systematic.Shard"/>); null: everything.</summary>
    public Shard? Shard { get; init; }

    private DfsStrategy Dfs()
    {
        // Store buffers reorder stores no step names as its own: the footprints would not be the accesses.
        if (PartialOrder && WeakMemory) throw new TortureInputException("partial-order reduction does not combine with weak memory");
        var dfs = new DfsStrategy(PreemptionBound, Shard, DelayBound, PartialOrder);
        if (ResumeFrom is { } c) dfs.Resume(c);
        return dfs;
    }

    public IStrategy CreateStrategy() => Strategy switch
    {
        "random" => new RandomStrategy(),
        "pct" => new PctStrategy(PctDepth),
        "fairpct" => new PctStrategy(PctDepth, fair: true),
        "probabilistic" => new ProbabilisticStrategy(ProbabilisticN),
        "pos" => new PosStrategy(),
        "surw" => new SurwStrategy(),
        "portfolio" => new PortfolioStrategy(PctDepth, ProbabilisticN),
        "dfs" => Dfs(),
        _ => throw new TortureInputException($"unknown strategy '{Strategy}' (expected one of {string.Join(", ", StrategyNames)}, or replay a schedule file)"),
    };
}
