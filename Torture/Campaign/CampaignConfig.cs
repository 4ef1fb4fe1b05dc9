using System.Text.Json;
using Torture.Systematic;

namespace Torture.Campaign;

/// <summary>
/// The exploration configuration: coyote.json's defaults, then command-line overrides. Strict:
/// an unknown key or a value of the wrong kind is bad input (one line, exit 2).
/// </summary>
public sealed record CampaignConfig
{
    public const string DefaultFile = "coyote.json";

    public ExplorationOptions Exploration { get; init; } = new() { Iterations = 10_000, Seed = 1 };
    /// <summary>Which engine explores (<see cref="Engines"/>); the strategy is one of that engine's.</summary>
    public string Engine { get; init; } = Engines.Systematic;
    public string OutputDirectory { get; init; } = "torture-out";
    /// <summary>The file set weak-memory itself (else a switch that needs weak memory turns it on).</summary>
    public bool WeakMemoryChosen { get; init; }
    /// <summary>Scenarios explored at once (each exploration is single-threaded at any instant).</summary>
    public int Workers { get; init; } = Environment.ProcessorCount;

    /// <summary>The generated scenario's own budget (each iteration is a new program); null: <see cref="ExplorationOptions.Iterations"/>.</summary>
    public long? GeneratedIterations { get; init; } = 20_000;

    /// <summary>How long shrinking a found bug may take; 0 turns shrinking off.</summary>
    public int ShrinkSeconds { get; init; } = 30;

    /// <summary>Seconds between plain status lines (CI logs, redirected output); 0 turns them off.</summary>
    public int StatusSeconds { get; init; } = 30;

    /// <summary>Where the settings came from, for the run's header and reports.</summary>
    public string Source { get; init; } = "built-in defaults";

    /// <summary>The settings in force, by their coyote.json keys.</summary>
    public IReadOnlyDictionary<string, object?> InForce() => new SortedDictionary<string, object?>(StringComparer.Ordinal)
    {
        ["config"] = Source, ["engine"] = Engine, ["strategy"] = Exploration.Strategy, ["iterations"] = Exploration.Iterations,
        ["generated-iterations"] = GeneratedIterations, ["seed"] = Exploration.Seed, ["max-steps"] = Exploration.MaxSteps,
        ["pct-depth"] = Exploration.PctDepth, ["probabilistic-n"] = Exploration.ProbabilisticN, ["preemption-bound"] = Exploration.PreemptionBound, ["delay-bound"] = Exploration.DelayBound, ["partial-order"] = Exploration.PartialOrder,
        ["time-budget-seconds"] = (long?)Exploration.TimeBudget?.TotalSeconds ?? 0, ["lock-order"] = Exploration.LockOrder, ["weak-memory"] = Exploration.WeakMemory,
        ["watchdog-seconds"] = (long)Exploration.Watchdog.TotalSeconds, ["workers"] = Workers, ["shrink-seconds"] = ShrinkSeconds, ["status-seconds"] = StatusSeconds, ["output"] = OutputDirectory,
        ["shard"] = Exploration.Shard?.ToString(),
    };

    /// <summary>Every key a configuration file may have (each is also a flag of torture run).</summary>
    public static readonly string[] Keys =
    {
        "engine", "strategy", "iterations", "max-steps", "seed", "time-budget-seconds", "pct-depth", "probabilistic-n",
        "preemption-bound", "delay-bound", "partial-order", "lock-order", "weak-memory", "watchdog-seconds", "output", "workers", "generated-iterations", "shrink-seconds", "status-seconds",
    };

    /// <summary>Read a config file; <paramref name="path"/> null means ./coyote.json if present, else the built-in defaults.</summary>
    public static CampaignConfig Load(string? path)
    {
        var file = path ?? DefaultFile;
        // A directory named coyote.json is a mistake to say, not a file to ignore.
        if (!File.Exists(file) && !Directory.Exists(file))
        {
            if (path is not null) throw new TortureInputException($"{(file.Length == 0 ? "--config" : file)}: no such configuration file");
            return new CampaignConfig();
        }
        JsonDocument doc;
        try { doc = JsonDocument.Parse(BoundedText.Read(file, 1 << 20, "configuration file"), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }); }
        catch (JsonException e) { throw new TortureInputException($"{file}: not valid JSON: {e.Message}"); }
        using (doc) return Apply(new CampaignConfig { Source = file }, doc.RootElement, file);
    }

    private static CampaignConfig Apply(CampaignConfig c, JsonElement root, string file)
    {
        if (root.ValueKind != JsonValueKind.Object) throw new TortureInputException($"{file}: the configuration must be a JSON object");
        var x = c.Exploration;
        string? strategy = null;
        foreach (var p in root.EnumerateObject())
        {
            string Where() => $"{file}: '{p.Name}'";
            long Int(long min, long max)
            {
                if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetInt64(out var v) || v < min || v > max)
                    throw new TortureInputException($"{Where()} must be a whole number from {min} to {max}, not {p.Value.GetRawText()}");
                return v;
            }
            bool Bool() => p.Value.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? p.Value.GetBoolean()
                : throw new TortureInputException($"{Where()} must be true or false, not {p.Value.GetRawText()}");
            switch (p.Name)
            {
                case "strategy":
                    // Checked against the engine once every key is read (either may come first).
                    strategy = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : throw new TortureInputException($"{Where()} must be a strategy name, not {p.Value.GetRawText()}");
                    break;
                case "engine":
                    c = c with { Engine = Engines.Parse(p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText(), Where()) };
                    break;
                case "iterations": x = x with { Iterations = Int(1, long.MaxValue) }; break;
                case "max-steps": x = x with { MaxSteps = Int(1, long.MaxValue) }; break;
                case "seed": x = x with { Seed = (ulong)Int(0, long.MaxValue) }; break;
                case "time-budget-seconds":
                    long budget = Int(0, 7 * 24 * 3600);
                    x = x with { TimeBudget = budget == 0 ? null : TimeSpan.FromSeconds(budget) };
                    break;
                case "pct-depth": x = x with { PctDepth = (int)Int(1, 64) }; break;
                case "probabilistic-n": x = x with { ProbabilisticN = (int)Int(0, 30) }; break;
                case "preemption-bound": x = x with { PreemptionBound = (int)Int(-1, 1000) }; break;
                case "delay-bound": x = x with { DelayBound = (int)Int(-1, 1000) }; break;
                case "partial-order": x = x with { PartialOrder = Bool() }; break;
                case "lock-order": x = x with { LockOrder = Bool() }; break;
                case "weak-memory": x = x with { WeakMemory = Bool() }; c = c with { WeakMemoryChosen = true }; break;
                case "watchdog-seconds": x = x with { Watchdog = TimeSpan.FromSeconds(Int(1, 3600)) }; break;
                case "output":
                    if (p.Value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(p.Value.GetString()))
                        throw new TortureInputException($"{Where()} must be a directory name");
                    c = c with { OutputDirectory = p.Value.GetString()! };
                    break;
                case "workers": c = c with { Workers = (int)Int(1, 256) }; break;
                case "generated-iterations": c = c with { GeneratedIterations = Int(1, long.MaxValue) }; break;
                case "shrink-seconds": c = c with { ShrinkSeconds = (int)Int(0, 24 * 3600) }; break;
                case "status-seconds": c = c with { StatusSeconds = (int)Int(0, 24 * 3600) }; break;
                default:
                    throw new TortureInputException($"{file}: unknown key '{p.Name}' (known keys: {string.Join(", ", Keys)})");
            }
        }
        return c with { Exploration = x with { Strategy = Engines.Strategy(c.Engine, strategy, $"{file}: 'strategy'") } };
    }
}
