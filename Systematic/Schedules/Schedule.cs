using System.Globalization;
using System.Text;

namespace Torture.Systematic;

/// <summary>
/// A reproducible schedule: who the run was (program, strategy, seed, fault switches, the code's
/// fingerprint) and one line per decision. Versioned text, small and diffable, to attach to a bug
/// report or commit as a regression test.
/// </summary>
/// <example>
/// torture-schedule 1
/// program: lost-update
/// strategy: random
/// seed: 42          ← the run's base seed; iteration 7 used Prng.IterationSeed(42, 7)
/// iteration: 7
/// max-steps: 10000
/// lock-order: on
/// faults: none
/// fingerprint: 0123456789abcdef
/// commit: 0123456789ab   ← optional: the git commit of the build that recorded it (not checked)
/// memory: weak   ← optional: recorded with weak memory on (store buffers); absent: sequentially consistent
/// bug: AssertionFailure: counter is 1, expected 2
/// lockdep: lock_a -> lock_b | ab held [lock_a], iteration 0 step 1   ← zero or more: the prior lock order a lockdep report rests on
/// input: 1       ← optional: the lines a generated program was drawn as (replaces the draws)
/// | NewMm mm=mm0 pages=2
/// decisions: 2
/// t 1 0,1        ← thread 1 ran; threads 0 and 1 were enabled
/// d 3 5          ← a data choice took 3 of [0,5)
/// end
/// </example>
public sealed class Schedule
{
    public const int FormatVersion = 1;
    private const string Magic = "torture-schedule";

    /// <summary>File lines of the header fields that replay checks against the program.</summary>
    public const int ProgramLine = 2, FaultsLine = 8, FingerprintLine = 9;

    public required string Program { get; init; }
    public required string Strategy { get; init; }
    public ulong Seed { get; init; }
    public long Iteration { get; init; }
    public long MaxSteps { get; init; } = 10_000;
    public bool LockOrder { get; init; } = true;
    /// <summary>Recorded with weak memory on (<see cref="ExplorationOptions.WeakMemory"/>).</summary>
    public bool WeakMemory { get; init; }
    public IReadOnlyList<string> Faults { get; init; } = Array.Empty<string>();
    public required string Fingerprint { get; init; }
    /// <summary>The git commit of the recording build, when known (informative; replay checks the fingerprint).</summary>
    public string? Commit { get; init; }
    public string? Bug { get; init; }
    public IReadOnlyList<LockEdge> LockEdges { get; init; } = Array.Empty<LockEdge>();
    /// <summary>The program's input lines (a generated program), empty for a program that draws nothing.</summary>
    public IReadOnlyList<string> Input { get; init; } = Array.Empty<string>();
    public required IReadOnlyList<Decision> Decisions { get; init; }

    /// <summary>Where it was read from, for messages.</summary>
    public string Source { get; init; } = "schedule";

    private int firstDecisionLine;

    /// <summary>The file line of decision <paramref name="index"/> (0-based; one past the end is the "end" line).</summary>
    public int LineOf(int index) => (firstDecisionLine == 0 ? HeaderLines() + 1 : firstDecisionLine) + Math.Max(0, index);

    /// <summary>The file line of input line <paramref name="index"/> (0-based).</summary>
    public int InputLine(int index) => FixedHeaderLines + LockEdges.Count + 1 + Math.Clamp(index, 0, Math.Max(0, Input.Count - 1));

    private int FixedHeaderLines => 11 + (Commit is null ? 0 : 1) + (WeakMemory ? 1 : 0);

    private int HeaderLines() => FixedHeaderLines + LockEdges.Count + (Input.Count > 0 ? 1 + Input.Count : 0);

    /// <summary>Preemptions: switches away from a thread that was still enabled (the count dfs bounds).</summary>
    public int Preemptions()
    {
        int count = 0, running = -1;
        foreach (var d in Decisions)
        {
            if (!d.IsThread) continue;
            if (running >= 0 && d.Value != running && (d.Options & (1UL << running)) != 0) count++;
            running = d.Value;
        }
        return count;
    }

    public string ToText()
    {
        var sb = new StringBuilder();
        sb.Append(Magic).Append(' ').Append(FormatVersion).Append('\n');
        sb.Append("program: ").Append(Program).Append('\n');
        sb.Append("strategy: ").Append(Strategy).Append('\n');
        sb.Append("seed: ").Append(Seed.ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("iteration: ").Append(Iteration.ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("max-steps: ").Append(MaxSteps.ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("lock-order: ").Append(LockOrder ? "on" : "off").Append('\n');
        sb.Append("faults: ").Append(Faults.Count == 0 ? "none" : string.Join(",", Faults)).Append('\n');
        sb.Append("fingerprint: ").Append(Fingerprint).Append('\n');
        if (Commit is not null) sb.Append("commit: ").Append(OneLine(Commit)).Append('\n');
        if (WeakMemory) sb.Append("memory: weak\n");
        sb.Append("bug: ").Append(OneLine(Bug ?? "none")).Append('\n');
        foreach (var e in LockEdges) sb.Append("lockdep: ").Append(e.From).Append(" -> ").Append(e.To).Append(" | ").Append(OneLine(e.Witness)).Append('\n');
        if (Input.Count > 0)
        {
            sb.Append("input: ").Append(Input.Count.ToString(CultureInfo.InvariantCulture)).Append('\n');
            foreach (var line in Input) sb.Append("| ").Append(OneLine(line)).Append('\n');
        }
        sb.Append("decisions: ").Append(Decisions.Count.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var d in Decisions)
        {
            if (d.IsThread) sb.Append("t ").Append(d.Value).Append(' ').Append(Decision.FormatMask(d.Options)).Append('\n');
            else sb.Append("d ").Append(d.Value).Append(' ').Append(d.DataRange).Append('\n');
        }
        sb.Append("end\n");
        return sb.ToString();
    }

    private static string OneLine(string s)
    {
        int nl = s.IndexOf('\n');
        return nl < 0 ? s : s[..nl];
    }

    /// <summary>Parse a schedule file; any defect is a <see cref="TortureInputException"/> naming the line.</summary>
    public static Schedule Parse(string text, string source = "schedule")
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        int n = 0;
        string Fail(string why) => throw new TortureInputException($"{source}: line {n}: {why}");
        string Line()
        {
            if (n >= lines.Length || (n == lines.Length - 1 && lines[n].Length == 0))
            {
                n++;
                Fail("the file ends early (truncated?)");
            }
            return lines[n++];
        }
        string Field(string key)
        {
            var l = Line();
            var prefix = key + ": ";
            if (!l.StartsWith(prefix, StringComparison.Ordinal)) Fail($"expected '{key}: ...', found '{Clip(l)}'");
            return l[prefix.Length..].Trim();
        }
        T Number<T>(string key, Func<string, (bool, T)> parse)
        {
            var v = Field(key);
            var (ok, r) = parse(v);
            if (!ok) Fail($"'{key}' is not a valid number: '{Clip(v)}'");
            return r;
        }

        var magic = Line().Split(' ');
        if (magic.Length != 2 || magic[0] != Magic) Fail($"not a Torture schedule file (it must start with '{Magic} {FormatVersion}')");
        if (magic[1] != FormatVersion.ToString(CultureInfo.InvariantCulture)) Fail($"schedule format version {Clip(magic[1])} is not supported (this build reads version {FormatVersion})");
        var program = Field("program");
        var strategy = Field("strategy");
        var seed = Number("seed", s => (ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v), v));
        var iteration = Number("iteration", s => (long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v), v));
        var maxSteps = Number("max-steps", s => (long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0, v));
        var lockOrderText = Field("lock-order");
        if (lockOrderText is not ("on" or "off")) Fail($"'lock-order' must be on or off, not '{Clip(lockOrderText)}'");
        bool lockOrder = lockOrderText == "on";
        var faultsText = Field("faults");
        var faults = faultsText == "none" ? Array.Empty<string>() : faultsText.Split(',', StringSplitOptions.TrimEntries);
        var fingerprint = Field("fingerprint");
        string? commit = n < lines.Length && lines[n].StartsWith("commit: ", StringComparison.Ordinal) ? Field("commit") : null;
        bool weakMemory = false;
        if (n < lines.Length && lines[n].StartsWith("memory: ", StringComparison.Ordinal))
        {
            var memory = Field("memory");
            if (memory != "weak") Fail($"'memory' must be weak (or the line left out), not '{Clip(memory)}'");
            weakMemory = true;
        }
        var bug = Field("bug");
        var edges = new List<LockEdge>();
        while (n < lines.Length && lines[n].StartsWith("lockdep: ", StringComparison.Ordinal))
        {
            var l = Field("lockdep");
            int bar = l.IndexOf(" | ", StringComparison.Ordinal);
            var parts = (bar < 0 ? l : l[..bar]).Split(" -> ");
            if (parts.Length != 2 || bar < 0) Fail("'lockdep' must read 'from -> to | witness'");
            edges.Add(new LockEdge(parts[0], parts[1], l[(bar + 3)..]));
        }
        var input = new List<string>();
        if (n < lines.Length && lines[n].StartsWith("input: ", StringComparison.Ordinal))
        {
            int inputs = Number("input", s => (int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0, v));
            for (int i = 0; i < inputs; i++)
            {
                var l = Line();
                if (!l.StartsWith("| ", StringComparison.Ordinal)) Fail($"expected an input line '| ...' ({inputs} of them), found '{Clip(l)}'");
                input.Add(l[2..]);
            }
        }
        int count = Number("decisions", s => (int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v), v));
        int first = n + 1;
        var decisions = new List<Decision>(Math.Min(count, 1 << 16));   // the count is untrusted input
        for (int i = 0; i < count; i++)
        {
            var l = Line();
            var f = l.Split(' ');
            if (f.Length != 3) Fail($"expected a decision 't THREAD ENABLED' or 'd VALUE RANGE', found '{Clip(l)}'");
            if (f[0] == "t")
            {
                if (!int.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out var th) || th > 63) Fail($"bad thread id '{Clip(f[1])}'");
                ulong mask = 0;
                foreach (var e in f[2].Split(','))
                {
                    if (!int.TryParse(e, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id > 63) Fail($"bad enabled set '{Clip(f[2])}'");
                    mask |= 1UL << id;
                }
                if ((mask & (1UL << th)) == 0) Fail($"thread {th} is not in its enabled set {{{f[2]}}}");
                decisions.Add(Decision.Thread(th, mask));
            }
            else if (f[0] == "d")
            {
                if (!int.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ||
                    !int.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out var range) || v >= range)
                    Fail($"bad data choice '{Clip(l)}'");
                decisions.Add(Decision.Data(v, range));
            }
            else Fail($"unknown decision kind '{Clip(f[0])}' (expected t or d)");
        }
        if (Line() != "end") Fail($"expected 'end' after {count} decisions (is the decision count right?)");
        while (n < lines.Length && lines[n].Trim().Length == 0) n++;
        if (n < lines.Length) { n++; Fail("unexpected text after 'end'"); }
        return new Schedule
        {
            Program = program, Strategy = strategy, Seed = seed, Iteration = iteration, MaxSteps = maxSteps,
            LockOrder = lockOrder, WeakMemory = weakMemory, Faults = faults, Fingerprint = fingerprint, Commit = commit, Bug = bug == "none" ? null : bug,
            LockEdges = edges, Input = input, Decisions = decisions, Source = source, firstDecisionLine = first,
        };
    }

    private static string Clip(string s) => s.Length <= 60 ? s : s[..57] + "...";

    /// <summary>Read and parse a schedule file; a missing or unreadable file is bad input too.</summary>
    public static Schedule Load(string path) => Parse(BoundedText.Read(path, MaxFileBytes, "schedule file"), path);

    /// <summary>A schedule file larger than this is not one (a million decisions take about 15 MiB).</summary>
    public const long MaxFileBytes = 64L << 20;
}
