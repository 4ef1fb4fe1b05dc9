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
        var program = new GeneratedScenario().Program(faults);
        var r = Explorer.Explore(program,
            new ExplorationOptions { Iterations = MutantExpectations.For(mutant).GeneratedBudget, Seed = 1, Faults = new[] { mutant.ToString() } });
        var found = r.Found!;
        var s = Shrinker.Shrink(program, found, new ShrinkOptions { Budget = TimeSpan.FromSeconds(60) });
        output.WriteLine($"{mutant}: {s.Before} -> {s.After}, {s.Candidates} candidates, {s.Elapsed.TotalSeconds:0.0} s\n{s.Shrunk.Schedule.ToText()}");
        Assert.Equal(found.Bug.Check, s.Shrunk.Bug.Check);
        Assert.True(s.After.Threads <= s.Before.Threads);
        Assert.True(s.After.Operations <= s.Before.Operations);
        Assert.True(s.After.SetupLines < s.Before.SetupLines, "the world should lose at least one line");
        Assert.True(s.After.TraceEvents < s.Before.TraceEvents);
        // The shrunk schedule file replays to the same check.
        var file = Schedule.Parse(s.Shrunk.Schedule.ToText(), "shrunk.schedule");
        var again = Explorer.Replay(new GeneratedScenario().Program(faults), file);
        Assert.Equal(found.Bug.Check, again.Bug?.Check);
        Assert.Equal(s.Shrunk.TraceText, again.TraceText);
        // Fewer preemptions than the original's, unless the smaller program needs more: then dfs one
        // bound lower finds no schedule of it with fewer preemptions that shows the bug.
        if (s.After.Preemptions > s.Before.Preemptions)
        {
            var fewer = Explorer.Explore(Explorer.ForSchedule(new GeneratedScenario().Program(faults), file),
                new ExplorationOptions { Strategy = "dfs", PreemptionBound = s.After.Preemptions - 1, Iterations = 20_000, Faults = new[] { mutant.ToString() } });
            output.WriteLine($"dfs at bound {s.After.Preemptions - 1} on the shrunk program: {fewer.Iterations} schedules, exhausted={fewer.Exhausted}, found={fewer.Found?.Bug} with {fewer.Found?.Schedule.Preemptions()} preemptions, reproduced={fewer.Found?.Reproduced}");
            Assert.True(fewer.Found is not { } f || f.Bug.Check != found.Bug.Check || f.Schedule.Preemptions() >= s.After.Preemptions);
        }
    }

    [Fact]
    public void HandScenarioScheduleShrinksToFewerPreemptions()
    {
        // Random switches a lot: its schedule has more preemptions than the bug needs.
        var faults = new[] { Mutant.KvmCountOnly };
        var scenario = ScenarioCatalog.Find("fault-vs-zap")!;
        var r = Explorer.Explore(scenario.Program(faults), new ExplorationOptions { Strategy = "random", Iterations = 50_000, Seed = 3, Faults = new[] { nameof(Mutant.KvmCountOnly) } });
        var found = r.Found!;
        var s = Shrinker.Shrink(scenario.Program(faults), found, new ShrinkOptions());
        output.WriteLine($"{s.Before} -> {s.After}");
        Assert.Equal(found.Bug.Check, s.Shrunk.Bug.Check);
        Assert.True(s.Before.Preemptions > s.After.Preemptions, $"{s.Before.Preemptions} preemptions were not reduced");
        Assert.StartsWith("dfs(preemptions<=", s.Shrunk.Schedule.Strategy);
        Assert.Equal(found.Bug.Check, Explorer.Replay(scenario.Program(faults), Schedule.Parse(s.Shrunk.Schedule.ToText())).Bug?.Check);
    }
}

/// <summary>Regressions found in review: a failing set-up keeps its program, a shrink keeps its bug, bad world lines are bad input.</summary>
public class GeneratedEdgeTests
{
    [Fact]
    public void AFixedProgramWhoseSetUpFailsKeepsItsLinesInTheSchedule()
    {
        // Registering on a forked child self-deadlocks under this switch, in the set-up itself.
        var lines = new[]
        {
            "setup: NewMm mm=mm0 pages=1", "setup: MmapAnon mm=mm0 start=0 end=1", "setup: PageFault mm=mm0 va=0 write=true",
            "setup: Fork parent=mm0 childName=mm1", "setup: NewKvm mm=mm1 kvm=kvm0 youngBitmap=false", "setup: MmuNotifierRegister listener=kvm0 signals=never",
            "t0: PageFault mm=mm0 va=0 write=false",
        };
        var faults = new[] { Mutant.TakeAllLocksNoAlreadyLockedBit };
        var program = new GeneratedScenario().Fixed(GeneratedProgram.Parse(lines), faults);
        var f = Explorer.Explore(program, new ExplorationOptions { Iterations = 5, Faults = new[] { faults[0].ToString() } }).Found!;
        Assert.Equal("deadlock", f.Bug.Check);
        Assert.Equal(lines, f.Schedule.Input);
        Assert.Equal("deadlock", Explorer.Replay(new GeneratedScenario().Program(faults), Schedule.Parse(f.Schedule.ToText())).Bug?.Check);
    }

    [Fact]
    public void ACatchAllCheckOnlyMatchesTheSameMessage()
    {
        var a = new Bug(BugKind.AssertionFailure, "BUG", "mmdrop(mm0) with mm_count 0", "t0", 3);
        Assert.True(Shrinker.SameBug(a, a with { Message = "mmdrop(mm1) with mm_count 0", Step = 9 }));   // the same BUG_ON on another mm
        Assert.True(Shrinker.SameBug(a, a with { Message = "mmdrop(mm0) with mm_count 0\nmore", Step = 9 }));
        Assert.False(Shrinker.SameBug(a, a with { Message = "folio_put(page#1.g0) by t1: bad page state" }));
        var invariant = new Bug(BugKind.AssertionFailure, "I2 NoStaleSecondary", "kvm SPTE 0 is stale", "t0", 3);
        Assert.True(Shrinker.SameBug(invariant, invariant with { Message = "kvm SPTE 1 still held" }));
    }

    [Theory]
    [InlineData("setup: MmapFile mm=mm0 file=file0 start=1 end=2 pgoff=5", "past the end of file0")]
    [InlineData("setup: MmapAnon mm=mm0 start=0 end=2", "overlaps")]
    [InlineData("setup: NewMm mm=mm1 pages=5000", "pages must be 1 to 16")]
    public void AWorldLineTheModelCannotBuildIsBadInputNamingItsLine(string line, string mentions)
    {
        var lines = new[] { "setup: NewFile file=file0 pages=2", "setup: NewMm mm=mm0 pages=2", "setup: MmapAnon mm=mm0 start=0 end=1", line, "t0: PageFault mm=mm0 va=0 write=false" };
        var e = Assert.Throws<ProgramInputException>(() =>
            Explorer.Explore(new GeneratedScenario().Fixed(GeneratedProgram.Parse(lines), Array.Empty<Mutant>()), new ExplorationOptions { Iterations = 1 }));
        Assert.Equal(3, e.Index);
        Assert.Contains(mentions, e.Message);
    }

    [Fact]
    public void AnEndlessBudgetHasNoEtaAndTheStatusLineStillPrints()
    {
        var p = new Torture.Reports.CampaignProgress(new (string, long, TimeSpan?)[] { ("a", long.MaxValue, null) });
        p.Start(0);
        p.Iterated(0, 999);
        System.Threading.Thread.Sleep(5);
        Assert.Null(p.Items[0].Eta(p.Now));
        Assert.Contains("ETA ?", Torture.Reports.StatusLines.Line(p));
    }
}
