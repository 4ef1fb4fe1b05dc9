using Torture.Model;
using Torture.Scenarios;
using Torture.Systematic;
using Xunit;
using Xunit.Abstractions;

namespace Torture.Tests.Engines;

/// <summary>Native stress: OS threads the OS schedules, every check in force; a bug still comes with a schedule our engine replays.</summary>
public class NativeEngineTests(ITestOutputHelper output)
{
    /// <summary>Seconds of native stress per scenario of the correct model.</summary>
    public const double CleanSeconds = 2;

    /// <summary>Per mutant: the most seconds native stress gets to find it.</summary>
    public const double FindSeconds = 20;

    public static TheoryData<string> AllScenarios() => new(ScenarioCatalog.All.Select(s => s.Name));

    /// <summary>
    /// The switches native stress finds in their row's scenario (measured: bench -- engines). Not
    /// IntervalRemoveLocklessWait: its race needs three preemptions in a few steps, which the OS's
    /// timing produced on 1 of 20 seeds in 5 s.
    /// </summary>
    public static TheoryData<Mutant> FoundNatively() => new(Enum.GetValues<Mutant>().Where(m => m != Mutant.IntervalRemoveLocklessWait));

    [Theory]
    [MemberData(nameof(AllScenarios))]
    public void TheCorrectModelIsCleanOnRealThreads(string scenario)
    {
        var r = NativeEngine.Explore(ScenarioCatalog.Find(scenario)!.Program(Array.Empty<Mutant>()),
            new ExplorationOptions { Iterations = long.MaxValue, Seed = 1, TimeBudget = TimeSpan.FromSeconds(CleanSeconds) });
        output.WriteLine($"{scenario}: {r.Iterations} native iterations in {r.Elapsed.TotalSeconds:0.0} s");
        Assert.True(r.Found is null, r.Found?.Bug + "\n" + r.Found?.TraceText);
        Assert.Equal(StopReason.TimeBudget, r.Stop);
        Assert.True(r.Iterations > 100, $"only {r.Iterations} iterations");
    }

    [Theory]
    [MemberData(nameof(FoundNatively))]
    public void NativeStressFindsTheMutantAndItsScheduleReplays(Mutant mutant)
    {
        var e = MutantExpectations.For(mutant);
        var r = NativeEngine.Explore(ScenarioCatalog.Find(e.Scenario)!.Program(new[] { mutant }),
            e.Options(long.MaxValue, seed: 1) with { TimeBudget = TimeSpan.FromSeconds(FindSeconds) });
        output.WriteLine($"{mutant}: {(r.Found is { } f ? $"found after {r.Iterations} iterations, {r.Elapsed.TotalMilliseconds:0} ms: {f.Bug}" : "not found")}");
        Assert.NotNull(r.Found);
        // An external engine's timing may show the broken line from the row's other side first, as Coyote's does.
        Assert.Contains(r.Found!.Bug.Check, e.CoyoteChecks);
        Assert.True(r.Found.Reproduced, "the OS's picks must replay under our engine");
    }
}
