namespace Torture.Reports;

/// <summary>
/// Where a run's files go, checked before anything is explored (a bug found after an hour must have
/// somewhere to go), and the fallback a schedule takes when that place fails later on.
/// </summary>
public static class OutputDirectory
{
    /// <summary>Null when <paramref name="dir"/> can be written; otherwise why not, in words.</summary>
    public static string? Problem(string dir)
    {
        if (string.IsNullOrWhiteSpace(dir)) return "the output directory is empty";
        if (dir.Any(char.IsControl)) return $"the output directory '{Printable(dir)}' contains a control character";
        try
        {
            Directory.CreateDirectory(dir);
            var probe = Path.Combine(dir, $".torture-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return $"the output directory '{Printable(dir)}' is not writable: {e.Message}";
        }
    }

    /// <summary>Where a schedule goes when its own directory fails: a folder of the system's temporary directory.</summary>
    public static string Fallback => Path.Combine(Path.GetTempPath(), "torture-fallback");

    /// <summary>The path with control characters shown as \xNN, for one-line messages.</summary>
    public static string Printable(string s) =>
        string.Concat(s.Select(c => char.IsControl(c) ? $"\\x{(int)c:x2}" : c.ToString()));
}
