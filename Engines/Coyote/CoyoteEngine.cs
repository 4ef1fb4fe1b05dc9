using Microsoft.Coyote;
using Microsoft.Coyote.SystematicTesting;
using Torture.Systematic;

namespace Torture.Coyote;

/// <summary>What a Coyote exploration did: its iterations, and the first bug with Coyote's trace and our schedule.</summary>
public sealed record CoyoteResult(string Program, string Strategy, long Iterations, TimeSpan Elapsed, StopReason Stop, ExternalOutcome? Found, string? CoyoteTrace);

/// <summary>Runs a program's iterations in-process under Coyote's <see cref="TestingEngine"/>.</summary>
public static class CoyoteEngine
{
    /// <summary>Coyote's strategies, named as <c>coyote test --strategy</c> names them (portfolio: its default tuned mix).</summary>
    public static readonly string[] StrategyNames = { "random", "prioritization", "fair-prioritization", "probabilistic", "portfolio" };

    public const string DefaultStrategy = "prioritization";

    /// <summary>Coyote's configuration for <paramref name="options"/>: iterations, seed, strategy and its bound, time budget.</summary>
    public static Configuration Configure(ExplorationOptions options)
    {
        var c = Configuration.Create()
            .WithTestingIterations((uint)Math.Clamp(options.Iterations, 1, uint.MaxValue))
            .WithRandomGeneratorSeed(unchecked((uint)options.Seed))
            // Our own max-steps check reports the livelock; Coyote's bound (its own decisions) sits above it.
            .WithMaxSchedulingSteps((uint)Math.Min(uint.MaxValue, options.MaxSteps * 4 + 1000))
            .WithTelemetryEnabled(false)
            .WithVerbosityEnabled(Microsoft.Coyote.Logging.VerbosityLevel.None)
            .WithConsoleLoggingEnabled(false);
        if (options.TimeBudget is { } budget) c = c.WithTestingTimeout(Math.Max(1, (int)Math.Ceiling(budget.TotalSeconds)));
        return options.Strategy switch
        {
            "random" => c.WithRandomStrategy(),
            "prioritization" => c.WithPrioritizationStrategy(isFair: false),
            "fair-prioritization" => c.WithPrioritizationStrategy(isFair: true),
            "probabilistic" => c.WithProbabilisticStrategy(),
            "portfolio" => c,   // Coyote's own default: its tuned portfolio
            _ => throw new TortureInputException($"unknown strategy '{options.Strategy}' for --engine coyote (expected one of {string.Join(", ", StrategyNames)})"),
        };
    }

    /// <summary>Explore until the first bug, the iteration budget or the time budget.</summary>
    /// <param name="onBug">Called with a bug the moment its iteration fails, before Coyote writes its trace, so the caller can save our schedule first.</param>
    public static CoyoteResult Explore(TestProgram program, ExplorationOptions options, Action<long>? onIteration = null, Action<ExternalOutcome>? onBug = null)
    {
        var config = Configure(options);
        var exploration = new ExternalExploration(program, options, $"coyote-{options.Strategy}");
        ExternalOutcome? found = null;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var engine = TestingEngine.Create(config, () => CoyoteIteration.Run(exploration, onBug: o =>
        {
            found ??= o;
            onBug?.Invoke(o);
        }));
        Quiet(engine);
        engine.RegisterEndIterationCallBack(i => onIteration?.Invoke(i));
        using (options.Cancel.Register(engine.Stop)) engine.Run();
        var stop = found is not null ? StopReason.BugFound
            : options.Cancel.IsCancellationRequested ? StopReason.Interrupted
            : exploration.Iterations < options.Iterations && options.TimeBudget is not null ? StopReason.TimeBudget
            : StopReason.Iterations;
        string? trace = found is not null && engine.TestReport.NumOfFoundBugs > 0 ? engine.ReproducibleTrace : null;
        return new CoyoteResult(program.Name, options.Strategy, exploration.Iterations, clock.Elapsed, stop, found, trace);
    }

    /// <summary>Coyote prints each iteration's number whatever the verbosity; our console has its own progress.</summary>
    private static void Quiet(TestingEngine engine) =>
        engine.SetLogger(new Microsoft.Coyote.Logging.TextWriterLogger(TextWriter.Null, Microsoft.Coyote.Logging.VerbosityLevel.None));

    /// <summary>Replay a Coyote trace of <paramref name="program"/> with our readable trace on; null when it showed no bug.</summary>
    public static ExternalOutcome? Replay(TestProgram program, ExplorationOptions options, string coyoteTrace)
    {
        var config = Configure(options).WithReproducibleTrace(coyoteTrace);
        var exploration = new ExternalExploration(program, options, $"coyote-{options.Strategy}");
        ExternalOutcome? found = null;
        using var engine = TestingEngine.Create(config, () => CoyoteIteration.Run(exploration, trace: true, onBug: o => found ??= o));
        Quiet(engine);
        engine.Run();
        return found;
    }
}
