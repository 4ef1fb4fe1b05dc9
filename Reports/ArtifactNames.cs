namespace Torture.Reports;

/// <summary>File names of a bug's artefacts: program name plus the fault switches in force.</summary>
public static class ArtifactNames
{
    public static string Stem(string program, IReadOnlyList<string> faults) =>
        faults.Count == 0 ? program : $"{program}+{string.Join("+", faults)}";

    public static string Schedule(string dir, string program, IReadOnlyList<string> faults) =>
        Path.Combine(dir, Stem(program, faults) + ".schedule");

    /// <summary>The shrunk twin of a bug's schedule, beside the original.</summary>
    public static string ShrunkSchedule(string dir, string program, IReadOnlyList<string> faults) =>
        Path.Combine(dir, Stem(program, faults) + ".min.schedule");

    public static string Trace(string dir, string program, IReadOnlyList<string> faults) =>
        Path.Combine(dir, Stem(program, faults) + ".trace.txt");
}
