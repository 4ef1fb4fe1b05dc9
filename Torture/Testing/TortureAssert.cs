using Torture.Model;
using Torture.Reports;
using Torture.Scenarios;
using Torture.Systematic;
using Xunit.Sdk;

namespace Torture.Testing;

/// <summary>
/// One-line Torture checks for a user's own xunit tests. A failure writes the bug's schedule file
/// first (to <c>$TORTURE_OUT</c>, or torture-out/ in the working directory) and puts the bug, the
/// replay command and the readable trace in the assertion message.
/// </summary>
/// <example>
/// [Fact] public void FaultVsZapIsClean() => TortureAssert.Clean("fault-vs-zap", iterations: 2_000);
/// [Fact] public void MyProgramLosesAnUpdate() => TortureAssert.Finds(MyPrograms.LostUpdate, "no-lost-update");
/// </example>
public static class TortureAssert
{
    /// <summary>Where schedules of failing assertions go.</summary>
    public static string OutputDirectory => Environment.GetEnvironmentVariable("TORTURE_OUT") is { Length: > 0 } d ? d : "torture-out";

    /// <summary>Explore <paramref name="program"/> and fail with its schedule and trace if any check fires.</summary>
    public static ExplorationResult Clean(TestProgram program, ExplorationOptions? options = null)
    {
        var r = Explorer.Explore(program, options ?? new ExplorationOptions { Iterations = 1_000, Seed = 1 });
        if (r.Found is { } f) throw new XunitException(Describe($"{program.Name} was expected to be clean, but", f));
        return r;
    }

    /// <summary>A built-in or generated scenario, with <paramref name="mutants"/> on, explored with the default strategy.</summary>
    public static ExplorationResult Clean(string scenario, long iterations = 1_000, ulong seed = 1, params Mutant[] mutants) =>
        Clean(Program(scenario, mutants), Options(iterations, seed, mutants));

    /// <summary>Explore until <paramref name="check"/> fires; fail if nothing does, or another check does first.</summary>
    public static FoundBug Finds(TestProgram program, string check, ExplorationOptions? options = null)
    {
        var o = options ?? new ExplorationOptions { Iterations = 1_000, Seed = 1 };
        var r = Explorer.Explore(program, o);
        if (r.Found is not { } f) throw new XunitException($"{program.Name}: expected {check} to fire within {o.Iterations:N0} iterations ({r.Strategy}, seed {o.Seed}); ran {r.Iterations:N0} clean");
        if ((f.Bug.Check ?? f.Bug.Kind.ToString()) != check) throw new XunitException(Describe($"{program.Name}: expected {check}, but", f));
        return f;
    }

    /// <summary>A scenario with a fault switch on must be caught by <paramref name="check"/> (by default, the mutation table's row for it).</summary>
    public static FoundBug Finds(string scenario, Mutant mutant, string? check = null, long? iterations = null, ulong seed = 1)
    {
        var row = MutantExpectations.For(mutant);
        var options = scenario == row.Scenario ? row.Options(iterations ?? row.Budget, seed) : Options(iterations ?? row.Budget, seed, new[] { mutant });
        return Finds(Program(scenario, new[] { mutant }), check ?? row.Check, options);
    }

    private static TestProgram Program(string scenario, Mutant[] mutants) =>
        (ScenarioCatalog.Find(scenario) ?? throw new ArgumentException($"no scenario named '{scenario}' (known: {string.Join(", ", ScenarioCatalog.All.Select(s => s.Name))})", nameof(scenario)))
            .Program(mutants);

    private static ExplorationOptions Options(long iterations, ulong seed, Mutant[] mutants) =>
        new() { Iterations = iterations, Seed = seed, Faults = mutants.Select(m => m.ToString()).ToList() };

    /// <summary>The schedule is written before the message is built, so the message cannot lose it.</summary>
    private static string Describe(string what, FoundBug f)
    {
        var written = ScheduleWriter.Write(OutputDirectory, f.Schedule);
        return $"{what} {f.Bug.Title} fired:\n{f.Bug.Message}\n" +
               $"schedule: {written.Path}   replay: torture replay {written.Path}\n\n" +
               TraceWriter.Render(f.Bug, f.Schedule, f.Trace);
    }
}
