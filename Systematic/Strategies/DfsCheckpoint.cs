using System.Text.Json;

namespace Torture.Systematic;

/// <summary>
/// Where a depth-first search stopped (--checkpoint), so a later run goes on from the next schedule
/// (--resume): the stack of the last schedule run, with the option taken at each decision. A
/// checkpoint belongs to one program, one build of it (fingerprint) and one bound.
/// </summary>
public sealed record DfsCheckpoint(string Program, string Fingerprint, string Strategy, long SchedulesDone, IReadOnlyList<DfsCheckpoint.Decision> Stack)
{
    /// <summary>
    /// One decision of the schedule: a thread pick (the enabled set as a mask) or a data choice, its
    /// options, and the one taken; under partial-order reduction, the threads to run there and those run.
    /// </summary>
    public sealed record Decision(bool Thread, ulong Enabled, int Current, int[] Options, int Taken, ulong Backtrack = 0, ulong Done = 0);

    private const int Version = 1;

    public string ToText() => JsonSerializer.Serialize(new Doc(Version, Program, Fingerprint, Strategy, SchedulesDone, Stack.ToList()), Json);

    /// <summary>Parse a checkpoint file's text; anything malformed is one <see cref="TortureInputException"/> line naming <paramref name="source"/>.</summary>
    public static DfsCheckpoint Parse(string text, string source)
    {
        Doc? doc;
        try { doc = JsonSerializer.Deserialize<Doc>(text, Json); }
        catch (JsonException e) { throw new TortureInputException($"{source}: not a dfs checkpoint: {e.Message}"); }
        if (doc is null || doc.Version != Version || doc.Program is null || doc.Fingerprint is null || doc.Strategy is null || doc.Stack is null)
            throw new TortureInputException($"{source}: not a dfs checkpoint of version {Version}");
        foreach (var d in doc.Stack)
        {
            if (d?.Options is null || d.Options.Length == 0 || d.Taken < 0 || d.Taken >= d.Options.Length)
                throw new TortureInputException($"{source}: a decision of the checkpoint's stack takes an option it does not have");
        }
        return new DfsCheckpoint(doc.Program, doc.Fingerprint, doc.Strategy, doc.SchedulesDone, doc.Stack);
    }

    /// <summary>Refuse a checkpoint made for another program, build or bound.</summary>
    public void CheckFits(TestProgram program, string strategy, string source)
    {
        if (Program != program.Name) throw new TortureInputException($"{source}: the checkpoint is for program '{Program}', not '{program.Name}'");
        if (Fingerprint != program.Fingerprint) throw new TortureInputException($"{source}: the checkpoint was made by another build of '{Program}' (fingerprint {Fingerprint}, this build {program.Fingerprint})");
        if (Strategy != strategy) throw new TortureInputException($"{source}: the checkpoint is for {Strategy}, not {strategy}");
    }

    private sealed record Doc(int Version, string? Program, string? Fingerprint, string? Strategy, long SchedulesDone, List<Decision>? Stack);

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = false };
}
