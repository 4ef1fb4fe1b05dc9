using System.Text;

namespace Torture.Reports;

/// <summary>A Markdown summary for CI pages ($GITHUB_STEP_SUMMARY) and the output folder: one row per scenario.</summary>
public static class MarkdownReport
{
    public static string Render(IReadOnlyList<ScenarioOutcome> all, RunInfo? run = null)
    {
        var (result, exitCode) = RunInfo.Overall(all);
        var sb = new StringBuilder();
        sb.Append($"## Torture: {result} (exit {exitCode})\n\n");
        if (run is not null) sb.Append($"commit `{run.Commit}`, fingerprint `{run.Fingerprint}`, {string.Join(", ", run.Config.Select(kv => $"{kv.Key} {kv.Value}"))}\n\n");
        sb.Append("| scenario | result | iterations | schedules/s | check | schedule |\n|---|---|---|---|---|---|\n");
        foreach (var o in all)
        {
            var name = ArtifactNames.Stem(o.Scenario, o.Faults);
            var check = o.Result.Found?.Bug.Check ?? o.Result.Found?.Bug.Kind.ToString() ?? "";
            var schedule = o.Shrunk?.ScheduleFile ?? o.ScheduleFile ?? "";
            sb.Append($"| {Cell(name)} | {o.Kind} | {o.Result.Iterations:N0} | {o.Result.IterationsPerSecond:N0} | {Cell(check)} | {Cell(schedule)} |\n");
        }
        return sb.ToString();
    }

    private static string Cell(string s) => s.Replace("|", "\\|").Replace("\n", " ");
}
