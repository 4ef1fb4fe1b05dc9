using System.Text.Json;
using Torture.Systematic;

namespace Torture.Reports;

/// <summary>
/// A run's results.json read back (for <c>torture merge</c>): its build, its settings and one
/// outcome per scenario, a found bug with the schedule file beside it. Anything else is bad input.
/// </summary>
public static class ResultsFile
{
    public const string Name = "results.json";

    public sealed record Run(string Folder, string Commit, string Fingerprint, IReadOnlyDictionary<string, object?> Config, IReadOnlyList<ScenarioOutcome> Outcomes);

    /// <summary>A run folder, or an output folder whose <c>latest</c> is one, or a results.json itself.</summary>
    public static Run Load(string path)
    {
        var file = File.Exists(path) ? path
            : File.Exists(Path.Combine(path, Name)) ? Path.Combine(path, Name)
            : Path.Combine(path, RunFolder.Latest, Name);
        if (!File.Exists(file)) throw new TortureInputException($"{path}: no {Name} here (give a run's folder, or the output folder of a run)");
        JsonDocument doc;
        try { doc = JsonDocument.Parse(BoundedText.Read(file, 16 << 20, Name)); }
        catch (JsonException e) { throw new TortureInputException($"{file}: not valid JSON: {e.Message}"); }
        using (doc)
        {
            var root = doc.RootElement;
            try
            {
                if (root.ValueKind != JsonValueKind.Object || Str(root, "format") != "torture-results" || root.GetProperty("version").GetInt32() != JsonReport.Version)
                    throw new TortureInputException($"{file}: not a version {JsonReport.Version} torture results file");
                var folder = Path.GetDirectoryName(Path.GetFullPath(file))!;
                var config = root.GetProperty("config").EnumerateObject().ToDictionary(p => p.Name, p => (object?)Value(p.Value), StringComparer.Ordinal);
                var outcomes = root.GetProperty("scenarios").EnumerateArray().Select(r => Outcome(r, folder)).ToList();
                return new Run(folder, Str(root, "commit") ?? "", Str(root, "fingerprint") ?? "", config, outcomes);
            }
            catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new TortureInputException($"{file}: not a torture results file: {e.Message}");
            }
        }
    }

    private static ScenarioOutcome Outcome(JsonElement r, string folder)
    {
        var scenario = Str(r, "scenario")!;
        var faults = r.GetProperty("faults").EnumerateArray().Select(f => f.GetString()!).ToList();
        // A bug's files beside this results file: a shard's folder is copied as a whole, so the paths it recorded may not exist here.
        string? Sibling(string key) => Str(r, key) is { } p ? Path.Combine(folder, Path.GetFileName(p)) : null;
        FoundBug? found = null;
        string? scheduleFile = null;
        if (r.GetProperty("bug") is { ValueKind: JsonValueKind.Object } b)
        {
            scheduleFile = Sibling("schedule") ?? throw new TortureInputException($"{folder}: the bug of {scenario} has no schedule");
            var bug = new Bug(Enum.Parse<BugKind>(Str(b, "kind")!), Str(b, "check"), Str(b, "message") ?? "", b.TryGetProperty("thread", out var t) ? t.GetString() : null, b.GetProperty("step").GetInt64());
            found = new FoundBug { Bug = bug, Schedule = Schedule.Load(scheduleFile), Trace = Array.Empty<TraceEvent>(), Reproduced = b.GetProperty("reproduced").GetBoolean() };
        }
        var result = new ExplorationResult
        {
            Program = scenario, Strategy = Str(r, "strategy")!, Iterations = r.GetProperty("iterations").GetInt64(),
            Exhausted = r.GetProperty("exhausted").GetBoolean(), Stop = Enum.Parse<StopReason>(Str(r, "stopReason")!),
            Elapsed = TimeSpan.FromSeconds(r.GetProperty("seconds").GetDouble()), Found = found,
        };
        return new ScenarioOutcome(scenario, faults, result)
        {
            ScheduleFile = scheduleFile, TraceFile = found is null ? null : Sibling("trace"), PageFile = found is null ? null : Sibling("page"),
        };
    }

    private static string? Str(JsonElement e, string key) => e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static object? Value(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => v.GetString(),
        JsonValueKind.Number => v.TryGetInt64(out var n) ? n : v.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
