using System.Text.Json;
using System.Text.Json.Serialization;
using Torture.Systematic;

namespace Torture.Reports;

/// <summary>
/// A Coyote-found bug's reproducible trace (<c>NAME.s SEED.coyote.trace</c>, as Coyote writes it,
/// for <c>coyote replay</c>) and beside it what Coyote's trace lacks (<c>.coyote.json</c>): the
/// program and fault switches it is for, our fingerprint of the code, and the Coyote test method
/// that runs the same program.
/// </summary>
public static class CoyoteTraceFile
{
    public const string Format = "torture-coyote-trace";
    public const int Version = 1;

    /// <summary>The Coyote test assembly the default build writes (its methods run the same programs), for <c>coyote replay</c>.</summary>
    public const string TestAssembly = "Engines/CoyoteTests/bin/Debug/net10.0/Torture.CoyoteTests.dll";

    public sealed record Sidecar(
        string Format, int Version, string Program, IReadOnlyList<string> Faults, string Fingerprint, string Commit,
        string Strategy, ulong Seed, long MaxSteps, bool LockOrder, string Bug,
        [property: JsonPropertyName("coyote-method")] string? CoyoteMethod, bool WeakMemory = false);

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.KebabCaseLower };

    public static string TracePath(string dir, Schedule s) => Path.Combine(dir, ArtifactNames.FileStem(s.Program, s.Faults, s.Seed) + ".coyote.trace");

    public static string SidecarPath(string tracePath) => Path.ChangeExtension(tracePath, ".json");

    /// <summary>Write both files beside the bug's schedule; returns the trace's path.</summary>
    public static string Write(string dir, Schedule s, string coyoteTrace, string? method)
    {
        var path = TracePath(dir, s);
        AtomicFile.Write(path, coyoteTrace);
        var sidecar = new Sidecar(Format, Version, s.Program, s.Faults, s.Fingerprint, s.Commit ?? Fingerprints.Commit,
            s.Strategy, s.Seed, s.MaxSteps, s.LockOrder, s.Bug ?? "", method, s.WeakMemory);
        AtomicFile.Write(SidecarPath(path), JsonSerializer.Serialize(sidecar, Json) + "\n");
        return path;
    }

    /// <summary>Read a trace and its sidecar; anything missing or malformed is bad input naming the file.</summary>
    public static (string Trace, Sidecar Sidecar) Load(string tracePath)
    {
        var trace = BoundedText.Read(tracePath, 64 << 20, "Coyote trace");
        var side = SidecarPath(tracePath);
        if (!File.Exists(side))
            throw new TortureInputException($"{side}: missing: a Coyote trace replays with torture only beside the .coyote.json that names its program, faults and fingerprint (or use coyote replay with its test method)");
        Sidecar? s;
        try { s = JsonSerializer.Deserialize<Sidecar>(BoundedText.Read(side, 1 << 20, "Coyote trace sidecar"), Json); }
        catch (JsonException e) { throw new TortureInputException($"{side}: not a {Format} file: {e.Message}"); }
        if (s is null || s.Format != Format || s.Program is null || s.Faults is null || s.Fingerprint is null)
            throw new TortureInputException($"{side}: not a {Format} file");
        if (s.Version != Version) throw new TortureInputException($"{side}: version {s.Version} of {Format}; this build reads version {Version}");
        return (trace, s);
    }
}
