using System.Globalization;

namespace Torture.Reports;

/// <summary>
/// Each run's reports go to a folder of their own under the output directory, named by the run's
/// start time and seed (<c>20261201-190938-s1</c>, then <c>-2</c>, <c>-3</c> when taken), so no run
/// overwrites another's; <c>latest</c> beside them points at the newest.
/// </summary>
public static class RunFolder
{
    public const string Latest = "latest";

    /// <summary>Claims a new run folder under <paramref name="root"/> (checked first: bad input is one line) and points latest at it.</summary>
    public static string Claim(string root, ulong seed, DateTime utcNow, Systematic.Shard? shard = null) =>
        Claim(root, $"s{seed}{(shard is { } s ? $"-shard{s.Index}of{s.Count}" : "")}", utcNow);

    /// <summary>As above, the folder named by the time and <paramref name="what"/> (the seed, or "merged").</summary>
    public static string Claim(string root, string what, DateTime utcNow)
    {
        if (OutputDirectory.Problem(root) is { } problem) throw new Systematic.TortureInputException(problem);
        var stem = $"{utcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}-{what}";
        for (int n = 1; ; n++)
        {
            var dir = Path.Combine(root, n == 1 ? stem : $"{stem}-{n}");
            Directory.CreateDirectory(dir);
            // Creating the marker is the claim: of two runs that picked one name in the same second, one wins.
            try
            {
                using (new FileStream(Path.Combine(dir, ".run"), FileMode.CreateNew)) { }
            }
            catch (IOException) when (File.Exists(Path.Combine(dir, ".run")))
            {
                continue;
            }
            PointLatest(root, dir);
            return dir;
        }
    }

    // A symlink swapped in by rename(2), so a reader never finds it missing; where links are not allowed, there is no latest.
    private static void PointLatest(string root, string dir)
    {
        var link = Path.Combine(root, Latest);
        var temp = Path.Combine(root, $".latest-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            File.CreateSymbolicLink(temp, Path.GetFileName(dir));
            // File.Move follows the link (to a directory) and refuses; rename(2) replaces the link itself.
            if (!OperatingSystem.IsWindows() && Rename(temp, link) == 0) return;
            File.Delete(temp);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            try { File.Delete(temp); } catch (IOException) { }
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "rename", SetLastError = true)]
    private static extern int Rename(string oldPath, string newPath);
}
