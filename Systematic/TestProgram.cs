namespace Torture.Systematic;

/// <summary>
/// What one iteration runs: a set-up that builds fresh shared state and declares the threads
/// (they all start together, each parked at its first operation), and optional checks at the end.
/// </summary>
public sealed class TestProgram
{
    public TestProgram(string name, Action<ProgramBuilder> build, string? fingerprint = null)
    {
        Name = name;
        Build = build;
        Fingerprint = fingerprint ?? Fingerprints.Of(build.Method.DeclaringType?.Assembly);
    }

    public string Name { get; }
    public Action<ProgramBuilder> Build { get; }

    /// <summary>Identifies the code under test; a schedule file made for other code is refused.</summary>
    public string Fingerprint { get; }

    /// <summary>
    /// For a program that draws its own input during set-up (a generated program: its world and its
    /// threads' operations) and declares it with <see cref="ProgramBuilder.Input"/>: the same program
    /// built from those lines, drawing nothing. Its schedules store the lines instead of the draws, so
    /// a shrunk or hand-edited input replays as well as a drawn one.
    /// </summary>
    public Func<IReadOnlyList<string>, TestProgram>? FromInput { get; init; }
}

/// <summary>Declares an iteration's threads and end checks.</summary>
public sealed class ProgramBuilder
{
    internal readonly List<(string Name, Action Body)> Threads = new();
    internal readonly List<Action> EndChecks = new();
    internal readonly List<Action> StepChecks = new();
    internal readonly List<Action> ThreadExits = new();
    internal IReadOnlyList<string>? InputLines;
    internal int InputDraws;
    /// <summary>How many decisions the iteration has made so far (set by the runtime that runs the set-up).</summary>
    internal Func<int> DecisionCount = static () => 0;

    public void Thread(string name, Action body) => Threads.Add((name, body));

    /// <summary>
    /// The program's input as drawn so far: every decision made before this call was a draw of it, and
    /// the schedule keeps these lines in their place (see <see cref="TestProgram.FromInput"/>).
    /// </summary>
    public void Input(IReadOnlyList<string> lines)
    {
        InputLines = lines;
        InputDraws = DecisionCount();
    }

    /// <summary>Runs in each thread right after its body returns, in the same step (no scheduling point).</summary>
    public void OnThreadExit(Action hook) => ThreadExits.Add(hook);

    /// <summary>A check that runs alone after every thread has finished (quiescence).</summary>
    public void AtEnd(Action check) => EndChecks.Add(check);

    /// <summary>
    /// A check that runs at every scheduling point, between operations, before the scheduler
    /// decides. It must only read state: primitives it touches do not become scheduling points.
    /// </summary>
    public void AtEachStep(Action check) => StepChecks.Add(check);
}

/// <summary>
/// Fingerprints of the code under test: the hashes of the sources that decide behaviour, which the
/// build puts in each assembly's "TortureBehaviour" metadata (Directory.Build.targets), so Debug
/// and Release builds of the same sources agree. An assembly without it (a test's own programs)
/// counts by its module version id.
/// </summary>
public static class Fingerprints
{
    public static string Of(params System.Reflection.Assembly?[] assemblies)
    {
        var ids = assemblies.Append(typeof(Sched).Assembly).Where(a => a is not null).Distinct()
            .SelectMany(a => Metadata(a!, "TortureBehaviour") is { Length: > 0 } hashes
                ? hashes.Split(';', StringSplitOptions.RemoveEmptyEntries)
                : new[] { a!.ManifestModule.ModuleVersionId.ToString("N") })
            .Order(StringComparer.Ordinal);
        var bytes = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join("|", ids)));
        return Convert.ToHexString(bytes, 0, 8).ToLowerInvariant();
    }

    /// <summary>The one line that refuses a file recorded against other code (a schedule, a Coyote trace's sidecar).</summary>
    public static TortureInputException Mismatch(string where, string recorded, string current, string? recordedCommit) =>
        new($"{where}: fingerprint {recorded} does not match the code under test ({current}): the model, invariants, scenarios or runtime changed since it was recorded{(recordedCommit is { } c ? $" (at commit {c}; this build: {Commit})" : "")}; to replay it anyway, add --no-fingerprint-check");

    /// <summary>The git commit this build was made from ("unknown" outside a checkout).</summary>
    public static string Commit { get; } = Metadata(typeof(Sched).Assembly, "TortureCommit") is { Length: > 0 } c ? c : "unknown";

    private static string? Metadata(System.Reflection.Assembly a, string key) =>
        a.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().FirstOrDefault(m => m.Key == key)?.Value;
}
