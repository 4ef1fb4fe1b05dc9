using System.Text;
using Torture.Systematic;

namespace Torture.Reports;

/// <summary>The readable interleaving of a bug: what failed, then per step the thread, the operation and the model objects it touched.</summary>
public static class TraceWriter
{
    public static string Render(Bug bug, Schedule schedule, IReadOnlyList<TraceEvent> trace)
    {
        var sb = new StringBuilder();
        sb.Append($"program:  {schedule.Program}\n");
        sb.Append($"faults:   {(schedule.Faults.Count == 0 ? "none" : string.Join(", ", schedule.Faults))}\n");
        sb.Append($"strategy: {schedule.Strategy}, seed {schedule.Seed}, iteration {schedule.Iteration}\n");
        sb.Append($"found:    {bug.Title}\n");
        foreach (var line in bug.Message.Split('\n')) sb.Append("          ").Append(line).Append('\n');
        if (bug.Thread is not null) sb.Append($"at:       thread {bug.Thread}, after {bug.Step} scheduling steps\n");
        if (schedule.Input.Count > 0)
        {
            sb.Append("program:\n");
            foreach (var line in schedule.Input) sb.Append("          ").Append(line).Append('\n');
        }
        sb.Append('\n');
        sb.Append($"{"#",6}  {"thread",-12} {"operation",-16} object / event\n");
        sb.Append(TraceEvent.Render(trace));
        sb.Append('\n').Append(TraceColumns.Render(trace, bug));
        return sb.ToString();
    }

    /// <summary>The text trace and the HTML page of a bug, beside its schedule (<paramref name="scheduleFile"/>, for the page's replay line).</summary>
    public static (string Trace, string Page) Write(string directory, FoundBug found, string scheduleFile)
    {
        Directory.CreateDirectory(directory);
        var path = ArtifactNames.Trace(directory, found.Schedule.Program, found.Schedule.Faults, found.Schedule.Seed);
        AtomicFile.Write(path, Render(found.Bug, found.Schedule, found.Trace));
        return (path, BugPage.Write(directory, found, $"torture replay {scheduleFile}"));
    }
}
