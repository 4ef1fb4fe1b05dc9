using System.Security.Cryptography;
using System.Text;

namespace Torture.Reports;

/// <summary>
/// File names of a bug's artefacts: program name plus the fault switches in force, then the seed,
/// so runs with different seeds sharing an output folder keep apart. Past <see cref="MaxStem"/>
/// characters the switches are replaced by their count and a hash: a name must stay writable.
/// </summary>
public static class ArtifactNames
{
    public const int MaxStem = 96;

    /// <summary>The program and its switches (a JUnit test name, too).</summary>
    public static string Stem(string program, IReadOnlyList<string> faults)
    {
        var full = faults.Count == 0 ? program : $"{program}+{string.Join("+", faults)}";
        if (full.Length <= MaxStem) return full;
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(full)), 0, 4).ToLowerInvariant();
        return $"{Clip(program, MaxStem - 24)}+{faults.Count}-mutants-{hash}";
    }

    public static string FileStem(string program, IReadOnlyList<string> faults, ulong seed) => $"{Stem(program, faults)}.s{seed}";

    public static string Schedule(string dir, string program, IReadOnlyList<string> faults, ulong seed) =>
        Path.Combine(dir, FileStem(program, faults, seed) + ".schedule");

    /// <summary>The shrunk twin of a bug's schedule, beside the original.</summary>
    public static string ShrunkSchedule(string dir, string program, IReadOnlyList<string> faults, ulong seed) =>
        Path.Combine(dir, FileStem(program, faults, seed) + ".min.schedule");

    public static string Trace(string dir, string program, IReadOnlyList<string> faults, ulong seed) =>
        Path.Combine(dir, FileStem(program, faults, seed) + ".trace.txt");

    /// <summary>The bug's self-contained HTML page.</summary>
    public static string Page(string dir, string program, IReadOnlyList<string> faults, ulong seed) =>
        Path.Combine(dir, FileStem(program, faults, seed) + ".html");

    private static string Clip(string s, int n) => s.Length <= n ? s : s[..n];
}
