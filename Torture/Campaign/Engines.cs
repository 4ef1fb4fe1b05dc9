using Torture.Coyote;
using Torture.Systematic;

namespace Torture.Campaign;

/// <summary>The engines a run explores with, and the strategies each one has.</summary>
public static class Engines
{
    /// <summary>Our own controlled scheduler (the default: the fastest).</summary>
    public const string Systematic = "systematic";
    /// <summary>The same controlled runtime, with Coyote's TestingEngine deciding.</summary>
    public const string Coyote = "coyote";
    /// <summary>Real OS threads (stress): free on all cores (parallel), or taking turns the OS decides (gated: a bug comes with its schedule).</summary>
    public const string Native = "native";

    public static readonly string[] Names = { Systematic, Coyote, Native };

    public static IReadOnlyList<string> Strategies(string engine) => engine switch
    {
        Coyote => CoyoteEngine.StrategyNames,
        Native => NativeEngine.StrategyNames,
        _ => ExplorationOptions.StrategyNames,
    };

    public static string DefaultStrategy(string engine) => engine switch
    {
        Coyote => CoyoteEngine.DefaultStrategy,
        Native => NativeEngine.DefaultStrategy,
        _ => new ExplorationOptions().Strategy,
    };

    public static string Parse(string name, string where) => Names.Contains(name)
        ? name
        : throw new TortureInputException($"{where}: unknown engine '{name}' (known: {string.Join(", ", Names)})");

    /// <summary>The strategy a run uses: the one asked for, which the engine must have, else the engine's default.</summary>
    public static string Strategy(string engine, string? asked, string where)
    {
        if (asked is null) return DefaultStrategy(engine);
        return Strategies(engine).Contains(asked)
            ? asked
            : throw new TortureInputException($"{where}: unknown strategy '{asked}' for --engine {engine} (known: {string.Join(", ", Strategies(engine))})");
    }
}
