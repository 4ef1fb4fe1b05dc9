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

    /// <summary>The switches native stress finds in their row's scenario (measured: bench -- engines; all 17 today).</summary>
    public static TheoryData<Mutant> FoundNatively() => new(Enum.GetValues<Mutant>());

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
            new ExplorationOptions { Iterations = long.MaxValue, Seed = 1, TimeBudget = TimeSpan.FromSeconds(FindSeconds), Faults = new[] { mutant.ToString() } });
        output.WriteLine($"{mutant}: {(r.Found is { } f ? $"found after {r.Iterations} iterations, {r.Elapsed.TotalMilliseconds:0} ms: {f.Bug}" : "not found")}");
        Assert.NotNull(r.Found);
        Assert.Equal(e.Check, r.Found!.Bug.Check);
        Assert.True(r.Found.Reproduced, "the OS's picks must replay under our engine");
    }
}
