namespace Torture.Reports;

/// <summary>A shrunk bug: where its schedule went and how much smaller it is.</summary>
/// <param name="Before">The original's size, in words ("3 threads, 5 operations, ...").</param>
public sealed record ShrinkSummary(string ScheduleFile, string Before, string After, double Seconds, bool CutShort);
