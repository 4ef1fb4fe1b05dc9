using Torture.Systematic;

namespace Torture.Reports;

/// <summary>
/// torture merge: the shards of one campaign (--shard k/n) as one run. Per scenario the iterations
/// add up, the first shard's bug is the scenario's bug, a dfs is exhausted only when every shard's
/// part is; the exit code is the one a single run with these outcomes would have.
/// </summary>
public static class ShardMerge
{
    public static (RunInfo Run, IReadOnlyList<ScenarioOutcome> Outcomes) Merge(IReadOnlyList<ResultsFile.Run> shards)
    {
        if (shards.Count == 0) throw new TortureInputException("merge: give the folders of the shards' runs (torture merge DIR...)");
        var first = shards[0];
        foreach (var s in shards.Skip(1))
        {
            // Shards of other code explored other programs: adding their iterations would mean nothing.
            if (s.Fingerprint != first.Fingerprint)
                throw new TortureInputException($"merge: {s.Folder} was run by other code (fingerprint {s.Fingerprint}) than {first.Folder} ({first.Fingerprint})");
        }
        var outcomes = shards.SelectMany(s => s.Outcomes)
            .GroupBy(o => ArtifactNames.Stem(o.Scenario, o.Faults), StringComparer.Ordinal)
            .Select(g => Combine(g.ToList()))
            .ToList();
        var config = new SortedDictionary<string, object?>(first.Config.ToDictionary(kv => kv.Key, kv => kv.Value), StringComparer.Ordinal)
        {
            ["shard"] = $"merged from {shards.Count}: {string.Join(", ", shards.Select(s => s.Config.TryGetValue("shard", out var k) ? k?.ToString() : "unsharded"))}",
        };
        return (new RunInfo(config, first.Commit, first.Fingerprint), outcomes);
    }

    private static ScenarioOutcome Combine(IReadOnlyList<ScenarioOutcome> parts)
    {
        var buggy = parts.FirstOrDefault(p => p.Result.Found is not null);
        var basis = buggy ?? parts[0];
        bool exhausted = parts.All(p => p.Result.Exhausted);
        var stop = buggy is not null ? StopReason.BugFound
            : exhausted ? StopReason.Exhausted
            : parts.Any(p => p.Result.Stop == StopReason.Interrupted) ? StopReason.Interrupted
            : parts.Any(p => p.Result.Stop == StopReason.TimeBudget) ? StopReason.TimeBudget
            : StopReason.Iterations;
        var result = new ExplorationResult
        {
            Program = basis.Result.Program, Strategy = basis.Result.Strategy, Iterations = parts.Sum(p => p.Result.Iterations),
            Exhausted = exhausted, Stop = stop, Found = buggy?.Result.Found,
            // The shards ran side by side: the campaign took as long as its slowest shard.
            Elapsed = parts.Max(p => p.Result.Elapsed),
        };
        return basis with { Result = result };
    }
}
