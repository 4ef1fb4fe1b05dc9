using Torture.Generator;
using Torture.Model;
using Torture.Scenarios;
using Torture.Shrinking;
using Torture.Systematic;
using Xunit;
using Xunit.Abstractions;

namespace Torture.Tests.Generator;

/// <summary>A generated bug replays byte for byte from its file; a shrunk one still fails the same way and is no bigger.</summary>
public class ReplayAndShrinkTests(ITestOutputHelper output)
{
    [Fact]
    public void GeneratedBugsReplayTheSameProgramAndTraceOver200Seeds()
    {
        var program = new GeneratedScenario().Program(new[] { Mutant.SkipStartInZap });
        int distinctPrograms = 0;
        var seen = new HashSet<string>();
        for (ulong seed = 1; seed <= 200; seed++)
        {
            var r = Explorer.Explore(program, new ExplorationOptions { Iterations = 300, Seed = seed, Faults = new[] { nameof(Mutant.SkipStartInZap) } });
            var f = r.Found ?? throw new Xunit.Sdk.XunitException($"seed {seed}: SkipStartInZap not found in 300 programs");
            Assert.True(f.Reproduced);
            var text = f.Schedule.ToText();
            var parsed = Schedule.Parse(text, $"seed{seed}.schedule");
            Assert.Equal(text, parsed.ToText());
            var again = Explorer.Replay(program, parsed);
            Assert.Equal(f.Bug.Check, again.Bug?.Check);
            Assert.Equal(f.Bug.Step, again.Bug?.Step);
            Assert.Equal(f.TraceText, again.TraceText);
            // The trace begins by running the drawn program's set-up, line by line.
            Assert.Contains(f.Schedule.Input[0], again.TraceText);
            if (seen.Add(string.Join("\n", f.Schedule.Input))) distinctPrograms++;
        }
        output.WriteLine($"{distinctPrograms} distinct failing programs over 200 seeds");
        Assert.True(distinctPrograms > 100, $"only {distinctPrograms} distinct programs: the draws do not depend on the seed");
    }

    [Theory]
    [InlineData(Mutant.UnregisterNoSynchronize)]
    [InlineData(Mutant.TakeAllLocksNoGlobalMutex)]
    [InlineData(Mutant.KvmCountOnly)]
    public void ShrunkGeneratedBugFailsTheSameWayAndIsNoBigger(Mutant mutant)
    {
        var faults = new[] { mutant };
        var r = Explorer.Explore(new GeneratedScenario().Program(faults),
            new ExplorationOptions { Iterations = MutantExpectations.For(mutant).GeneratedBudget, Seed = 1, Faults = new[] { mutant.ToString() } });
        var found = r.Found!;
        var s = Shrinker.Shrink(found, faults, new ShrinkOptions { Budget = TimeSpan.FromSeconds(60) });
        output.WriteLine($"{mutant}: {s.Before} -> {s.After}, {s.Candidates} candidates, {s.Elapsed.TotalSeconds:0.0} s\n{s.Shrunk.Schedule.ToText()}");
        Assert.Equal(found.Bug.Check, s.Shrunk.Bug.Check);
        Assert.True(s.After.Threads <= s.Before.Threads);
        Assert.True(s.After.Operations <= s.Before.Operations);
        Assert.True(s.After.Preemptions <= s.Before.Preemptions);
        Assert.True(s.After.SetupLines < s.Before.SetupLines, "the world should lose at least one line");
        Assert.True(s.After.TraceEvents < s.Before.TraceEvents);
        // The shrunk schedule file replays to the same check.
        var file = Schedule.Parse(s.Shrunk.Schedule.ToText(), "shrunk.schedule");
        var again = Explorer.Replay(new GeneratedScenario().Program(faults), file);
        Assert.Equal(found.Bug.Check, again.Bug?.Check);
        Assert.Equal(s.Shrunk.TraceText, again.TraceText);
    }

    [Fact]
    public void HandScenarioScheduleShrinksToFewerPreemptions()
    {
        // Random switches a lot: its schedule has more preemptions than the bug needs.
        var faults = new[] { Mutant.KvmCountOnly };
        var scenario = ScenarioCatalog.Find("fault-vs-zap")!;
        var r = Explorer.Explore(scenario.Program(faults), new ExplorationOptions { Strategy = "random", Iterations = 5_000, Seed = 3, Faults = new[] { nameof(Mutant.KvmCountOnly) } });
        var found = r.Found!;
        var s = Shrinker.Shrink(found, faults, new ShrinkOptions());
        output.WriteLine($"{s.Before} -> {s.After}");
        Assert.Equal(found.Bug.Check, s.Shrunk.Bug.Check);
        Assert.True(s.Before.Preemptions > s.After.Preemptions, $"{s.Before.Preemptions} preemptions were not reduced");
        Assert.StartsWith("dfs(preemptions<=", s.Shrunk.Schedule.Strategy);
        Assert.Equal(found.Bug.Check, Explorer.Replay(scenario.Program(faults), Schedule.Parse(s.Shrunk.Schedule.ToText())).Bug?.Check);
    }
}
