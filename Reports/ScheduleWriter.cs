using Torture.Systematic;

namespace Torture.Reports;

/// <summary>
/// Writes a found bug's schedule file, first and on its own, so a later failure (a report, the
/// console, a crash) cannot lose the one thing needed to reproduce the bug. It is written atomically
/// (<see cref="AtomicFile"/>), and a folder that fails sends it to <see cref="OutputDirectory.Fallback"/>.
/// </summary>
public static class ScheduleWriter
{
    public sealed record Written(string Path, string? FailedAt);

    public static Written Write(string directory, Schedule s, bool shrunk = false)
    {
        try
        {
            return new Written(WriteIn(directory, s, shrunk), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            var why = $"{OutputDirectory.Printable(directory)}: {e.Message}";
            return new Written(WriteIn(OutputDirectory.Fallback, s, shrunk), why);
        }
    }

    private static string WriteIn(string directory, Schedule s, bool shrunk)
    {
        Directory.CreateDirectory(directory);
        var path = shrunk ? ArtifactNames.ShrunkSchedule(directory, s.Program, s.Faults, s.Seed) : ArtifactNames.Schedule(directory, s.Program, s.Faults, s.Seed);
        AtomicFile.Write(path, s.ToText());
        return path;
    }
}
