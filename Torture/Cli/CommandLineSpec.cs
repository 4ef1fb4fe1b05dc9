using System.CommandLine;

namespace Torture.Cli;

/// <summary>
/// The command line as System.CommandLine sees it: each command's options with their help text and
/// short aliases, built from the command's own option table, so parsing, per-command --help and the
/// aliases come from one place. A value given twice takes the last; a repeatable one collects all.
/// </summary>
internal static class CommandLineSpec
{
    private static readonly Dictionary<string, (string Help, string[] Aliases)> Info = new(StringComparer.Ordinal)
    {
        ["--scenario"] = ("only this scenario (repeatable, or comma-separated)", new[] { "-s" }),
        ["--mutant"] = ("turn a fault switch on (repeatable); without --scenario, runs the scenarios exposing it", new[] { "-m" }),
        ["--engine"] = ("systematic (ours, default) | coyote (Coyote's TestingEngine) | native (stress on OS threads)", new[] { "-e" }),
        ["--strategy"] = ("systematic: random | pct | fairpct | probabilistic | pos | portfolio | dfs; coyote: random | prioritization | fair-prioritization | probabilistic | portfolio; native: parallel (free on all cores, default) | gated (OS-timed turns, replayable)", new[] { "-t" }),
        ["--iterations"] = ("iterations per scenario (the generated scenario's too unless --generated-iterations)", new[] { "-n" }),
        ["--seed"] = ("the base seed; each iteration's seed follows from it and the iteration's index", Array.Empty<string>()),
        ["--max-steps"] = ("scheduling steps before an iteration counts as a livelock", Array.Empty<string>()),
        ["--pct-depth"] = ("pct's bug depth d (d-1 priority changes)", Array.Empty<string>()),
        ["--probabilistic-n"] = ("probabilistic: switch with probability 1/2^n at each step", Array.Empty<string>()),
        ["--preemption-bound"] = ("dfs: at most this many preemptions per schedule (-1: none)", Array.Empty<string>()),
        ["--checkpoint"] = ("dfs of one scenario: where it stopped goes to this file, to go on from with --resume", Array.Empty<string>()),
        ["--resume"] = ("dfs of one scenario: go on from a --checkpoint file (same scenario, build and bound)", Array.Empty<string>()),
        ["--delay-bound"] = ("dfs: round robin with at most this many delays per schedule, instead of a preemption bound (-1: none)", Array.Empty<string>()),
        ["--partial-order"] = ("true | false: dfs runs one schedule of those that only reorder independent steps (no reduction where step checks read all state)", Array.Empty<string>()),
        ["--time-budget"] = ("stop each scenario after this many seconds (coyote.json: time-budget-seconds)", new[] { "--time-budget-seconds" }),
        ["--watchdog-seconds"] = ("a logical thread stuck this long in real time is a hang", Array.Empty<string>()),
        ["--config"] = ("the configuration file instead of ./coyote.json", new[] { "-c" }),
        ["--out"] = ("where each run's folder goes (coyote.json: output)", new[] { "-o", "--output" }),
        ["--workers"] = ("scenarios explored at once", new[] { "-j" }),
        ["--lock-order"] = ("true | false: the lockdep-style lock-order checker", Array.Empty<string>()),
        ["--no-lock-order"] = ("turn the lock-order checker off (--lock-order false)", Array.Empty<string>()),
        ["--weak-memory"] = ("true | false: store buffers, so a lockless reader may see another thread's stores late or out of order (default: on only for a --mutant that needs it)", Array.Empty<string>()),
        ["--generated-iterations"] = ("the generated scenario's budget (default 20,000)", Array.Empty<string>()),
        ["--shrink-seconds"] = ("how long to shrink a found bug (0: off; default 30)", Array.Empty<string>()),
        ["--status-seconds"] = ("seconds between status lines when not on a terminal (0: off; default 30)", Array.Empty<string>()),
        ["--shard"] = ("explore only the K-th of N disjoint parts (CI matrix jobs; combine them with torture merge)", Array.Empty<string>()),
        ["--assembly"] = ("also the scenarios of this assembly (public Scenario subclasses; repeatable)", new[] { "-a" }),
        ["--no-fingerprint-check"] = ("replay a schedule recorded against other code anyway", Array.Empty<string>()),
        ["--generated"] = ("each switch in the generated scenario as well, within its generated budget", Array.Empty<string>()),
    };

    public const string Tagline = "explore interleavings of the Linux MMU-notifier model and check its invariants";

    /// <summary>The commands in the order the overview lists them: name, what it does, its positional arguments.</summary>
    public static readonly (string Name, string Help, string Arguments)[] Commands =
    {
        ("run", "explore the scenarios and report; exit 0 clean, 1 bug, 2 bad input, 3 internal error, 4 incomplete", ""),
        ("replay", "rerun a schedule file (or a .coyote.trace under Coyote) and print the readable trace; exit 1 when the bug reproduces", "FILE"),
        ("minimize", "shrink a failing schedule; writes FILE's .min.schedule, its trace and page", "FILE"),
        ("mutants", "run the mutation table and print a mutation score; exit 0 when every switch is killed", ""),
        ("merge", "combine the shards' runs (their folders) into one report and one exit code", "DIR..."),
        ("list", "scenarios, the generator's operation catalog, invariants and mutants", ""),
        ("demo", "find the bugs of the small demonstration programs", ""),
    };

    /// <summary>torture COMMAND's options as System.CommandLine options, under a root named torture (for the usage line).</summary>
    public static (Command Root, Command Command, IReadOnlyDictionary<string, Option> Options, Argument? Positional) Build(
        string command, IReadOnlyDictionary<string, OptionKind> spec, int maxPositional)
    {
        var (_, help, arguments) = Commands.FirstOrDefault(c => c.Name == command);
        help ??= "";
        arguments = (arguments ?? "").TrimEnd('.');
        var cmd = new Command(command, help);
        var options = new Dictionary<string, Option>(StringComparer.Ordinal);
        foreach (var (name, kind) in spec.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var (text, aliases) = Info.TryGetValue(name, out var i) ? i : ("", Array.Empty<string>());
            Option option = kind == OptionKind.Flag
                ? new Option<bool>(name, aliases) { Description = text }
                : new Option<string[]>(name, aliases) { Description = text, Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false };
            cmd.Options.Add(option);
            options[name] = option;
        }
        Argument? positional = null;
        if (maxPositional > 0)
        {
            var name = arguments.Length > 0 ? arguments : "ARGS";
            // One file: a scalar argument (a string[] of arity 0..1 does not parse); more: a list, up to System.CommandLine's limit.
            positional = maxPositional == 1
                ? new Argument<string?>(name) { Arity = ArgumentArity.ZeroOrOne }
                : new Argument<string[]>(name) { Arity = new ArgumentArity(0, Math.Min(maxPositional, 100_000)) };
            cmd.Arguments.Add(positional);
        }
        cmd.Options.Add(new System.CommandLine.Help.HelpOption());
        // A plain command as the root, so the usage line says "torture" whatever process runs it (tests run it in-process).
        var root = new Command("torture", Tagline) { cmd };
        return (root, cmd, options, positional);
    }
}
