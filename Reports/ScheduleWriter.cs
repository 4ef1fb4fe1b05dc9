using Torture.Systematic;

namespace Torture.Reports;

/// <summary>
/// Writes a found bug's schedule file, first and on its own, so a later failure (a report, the
/// console, a crash) cannot lose the one thing needed to reproduce the bug.
/// </summary>
public static class ScheduleWriter
{
    public static string Write(string directory, FoundBug found, bool shrunk = false)
    {
        Directory.CreateDirectory(directory);
        var s = found.Schedule;
        var path = shrunk ? ArtifactNames.ShrunkSchedule(directory, s.Program, s.Faults) : ArtifactNames.Schedule(directory, s.Program, s.Faults);
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, s.ToText());
        File.Move(tmp, path, overwrite: true);
        return path;
    }
}
