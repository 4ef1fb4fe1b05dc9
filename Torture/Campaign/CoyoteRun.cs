using Torture.Coyote;
using Torture.Model;
using Torture.Reports;
using Torture.Scenarios;
using Torture.Systematic;

namespace Torture.Campaign;

/// <summary>A campaign item explored by Coyote's TestingEngine, its bug written as our schedule and as Coyote's trace.</summary>
public static class CoyoteRun
{
    /// <param name="save">Writes our schedule the moment the failing iteration ends, before Coyote's engine writes its trace; returns where it went.</param>
    public static ExplorationResult Explore(CampaignItem item, ExplorationOptions options, Func<Schedule, string> save, out string? tracePath)
    {
        tracePath = null;
        string? saved = null;
        var r = CoyoteEngine.Explore(item.Program, options, onBug: o => saved ??= save(o.Schedule!));
        var result = new ExplorationResult
        {
            Program = item.Program.Name, Strategy = $"coyote-{r.Strategy}", Iterations = r.Iterations, Elapsed = r.Elapsed, Stop = r.Stop,
        };
        if (r.Found is not { Bug: { } bug, Schedule: { } schedule }) return result;
        // Beside our schedule, wherever that went (the fallback folder when the output failed).
        if (r.CoyoteTrace is { } text && saved is not null)
            tracePath = CoyoteTraceFile.Write(Path.GetDirectoryName(saved)!, schedule, text, TestMethod(item));
        // Our engine replays the picks Coyote made: the readable trace, and proof they were recorded faithfully.
        return new ExplorationResult
        {
            Program = result.Program, Strategy = result.Strategy, Iterations = r.Iterations, Elapsed = r.Elapsed, Stop = StopReason.BugFound,
            Found = Explorer.Confirm(item.Program, bug, schedule),
        };
    }

    /// <summary>
    /// The Coyote test assembly's method that runs this item's program (Torture.CoyoteTests: one per
    /// scenario, one per mutant in its row's scenario, one per mutant in the generated scenario), or null.
    /// </summary>
    public static string? TestMethod(CampaignItem item)
    {
        var scenario = ScenarioCatalog.Find(item.Name);
        if (scenario is null) return null;
        if (item.Faults.Count == 0) return scenario.GetType().Name;
        if (item.Faults.Count != 1 || !Enum.TryParse<Mutant>(item.Faults[0], out var m)) return null;
        if (scenario is Generator.GeneratedScenario) return $"{m}InGenerated";
        return MutantExpectations.For(m).Scenario == item.Name ? m.ToString() : null;
    }
}
