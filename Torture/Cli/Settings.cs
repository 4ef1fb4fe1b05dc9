using Torture.Campaign;
using Torture.Systematic;

namespace Torture.Cli;

/// <summary>coyote.json (or --config) with the command line's overrides on top.</summary>
public static class Settings
{
    public static CampaignConfig Resolve(ParsedArgs a)
    {
        var c = CampaignConfig.Load(a.One("--config"));
        var x = c.Exploration;
        if (a.One("--engine") is { } e && e != c.Engine)
        {
            // Another engine than the file's: the file's strategy stays only if that engine has it too.
            c = c with { Engine = Engines.Parse(e, "--engine") };
            x = x with { Strategy = Engines.Strategies(c.Engine).Contains(x.Strategy) ? x.Strategy : Engines.DefaultStrategy(c.Engine) };
        }
        if (a.One("--strategy") is { } s) x = x with { Strategy = Engines.Strategy(c.Engine, s, "--strategy") };
        // --iterations sets every scenario's budget, the generated one's too unless --generated-iterations says otherwise.
        if (a.Long("--iterations", 1, long.MaxValue) is { } it)
        {
            x = x with { Iterations = it };
            c = c with { GeneratedIterations = null };
        }
        if (a.Long("--generated-iterations", 1, long.MaxValue) is { } gi) c = c with { GeneratedIterations = gi };
        if (a.Long("--shrink-seconds", 0, 24 * 3600) is { } ss) c = c with { ShrinkSeconds = (int)ss };
        if (a.Long("--status-seconds", 0, 24 * 3600) is { } st) c = c with { StatusSeconds = (int)st };
        if (a.Long("--seed", 0, long.MaxValue) is { } seed) x = x with { Seed = (ulong)seed };
        if (a.Long("--max-steps", 1, long.MaxValue) is { } ms) x = x with { MaxSteps = ms };
        if (a.Long("--pct-depth", 1, 64) is { } d) x = x with { PctDepth = (int)d };
        if (a.Long("--preemption-bound", -1, 1000) is { } pb) x = x with { PreemptionBound = (int)pb };
        if (a.Long("--delay-bound", -1, 1000) is { } db) x = x with { DelayBound = (int)db };
        if (a.Bool("--partial-order") is { } po) x = x with { PartialOrder = po };
        if (a.Long("--time-budget", 1, 7 * 24 * 3600) is { } tb) x = x with { TimeBudget = TimeSpan.FromSeconds(tb) };
        if (a.Long("--probabilistic-n", 0, 30) is { } pn) x = x with { ProbabilisticN = (int)pn };
        if (a.Long("--watchdog-seconds", 1, 3600) is { } wd) x = x with { Watchdog = TimeSpan.FromSeconds(wd) };
        if (a.Bool("--lock-order") is { } lo) x = x with { LockOrder = lo };
        if (a.Has("--no-lock-order")) x = x with { LockOrder = false };
        if (a.Bool("--weak-memory") is { } wm) x = x with { WeakMemory = wm };
        // A switch only weak memory shows turns it on, unless the file or the command line chose.
        else if (!c.WeakMemoryChosen && Torture.Scenarios.MutantExpectations.NeedWeakMemory(Catalog.Mutants(a.Names("--mutant"))))
            x = x with { WeakMemory = true };
        if (a.One("--shard") is { } sh)
        {
            // Coyote and the OS pick their own schedules: only our engine can split its space.
            if (c.Engine != Engines.Systematic) throw new TortureInputException($"--shard splits our engine's exploration; engine {c.Engine} has no shards");
            x = x with { Shard = Shard.Parse(sh, "--shard") };
        }
        if (x.PartialOrder && x.Strategy != "dfs") throw new TortureInputException($"partial-order reduction is for --strategy dfs, not {x.Strategy}");
        c = c with { Exploration = x };
        if (a.One("--out") is { } o) c = c with { OutputDirectory = o };
        if (a.Long("--workers", 1, 256) is { } w) c = c with { Workers = (int)w };
        return c;
    }
}
