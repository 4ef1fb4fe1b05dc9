using System.Text.Json;

namespace Torture.Reports;

/// <summary>Machine-readable results of a campaign: a versioned object (format, version, config, overall result, one row per scenario).</summary>
public static class JsonReport
{
    public const int Version = 2;

    public static string Render(IReadOnlyList<ScenarioOutcome> all, RunInfo? run = null)
    {
        var (result, exitCode) = RunInfo.Overall(all);
        var rows = all.Select(o => new
        {
            scenario = o.Scenario,
            faults = o.Faults,
            result = o.Kind,
            stopReason = o.Result.Stop.ToString(),
            strategy = o.Result.Strategy,
            iterations = o.Result.Iterations,
            exhausted = o.Result.Exhausted,
            seconds = Math.Round(o.Result.Elapsed.TotalSeconds, 3),
            schedulesPerSecond = Math.Round(o.Result.IterationsPerSecond, 1),
            bug = o.Result.Found is { } f ? new { kind = f.Bug.Kind.ToString(), check = f.Bug.Check, thread = f.Bug.Thread, liveness = f.Bug.IsLiveness, message = f.Bug.Message, step = f.Bug.Step, reproduced = f.Reproduced, replayable = f.Replayable } : null,
            schedule = o.ScheduleFile,
            scheduleFallback = o.ScheduleFallback,
            trace = o.TraceFile,
            page = o.PageFile,
            shrunk = o.Shrunk is { } s ? new { schedule = s.ScheduleFile, before = s.Before, after = s.After, seconds = Math.Round(s.Seconds, 3), cutShort = s.CutShort } : null,
            coverage = o.Coverage is { } c ? new
            {
                programs = c.Programs,
                operations = c.Operations,
                catalogOperations = c.CatalogOperations,
                concurrentPairs = c.ConcurrentPairs,
                concurrentPairsCount = c.ConcurrentPairs.Count,
                possiblePairs = c.PossiblePairs,
                callbacks = c.Callbacks,
            } : null,
        });
        var doc = new
        {
            format = "torture-results",
            version = Version,
            commit = run?.Commit,
            fingerprint = run?.Fingerprint,
            config = run?.Config,
            result,
            exitCode,
            scenarios = rows,
        };
        return JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }
}
