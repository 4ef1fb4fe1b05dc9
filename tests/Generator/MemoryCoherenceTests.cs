using Torture.Invariants;
using Torture.Model;
using Torture.Scenarios;
using Torture.Systematic;
using Xunit;
using Xunit.Abstractions;

namespace Torture.Tests.Generator;

/// <summary>I13 catches broken translations no other invariant sees, and is clean on the correct model.</summary>
public class MemoryCoherenceTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("cow-vs-cpu", Mutant.CowSkipsTlbFlush)]
    [InlineData("fork-vs-cpu", Mutant.ForkSkipsTlbFlush)]
    public void OnlyTheOracleSeesAMissedFlush(string scenarioName, Mutant mutant)
    {
        var scenario = (Scenario)ScenarioCatalog.Find(scenarioName)!;
        var faults = new[] { mutant };
        var withOracle = Explorer.Explore(scenario.Program(faults), new ExplorationOptions { Strategy = "dfs", Iterations = 10_000 });
        output.WriteLine(withOracle.Found?.Bug.ToString());
        Assert.Equal("I13 MemoryCoherence", withOracle.Found?.Bug.Check);

        // Every other invariant, every schedule: nothing.
        var others = InvariantCatalog.All.Where(i => i is not MemoryCoherence).ToList();
        var without = Explorer.Explore(scenario.Program(faults, others), new ExplorationOptions { Strategy = "dfs", Iterations = 10_000 });
        Assert.True(without.Found is null, without.Found?.Bug.ToString());
        Assert.True(without.Exhausted);

        // And the correct model passes the oracle on every schedule.
        var clean = Explorer.Explore(scenario.Program(Array.Empty<Mutant>()), new ExplorationOptions { Strategy = "dfs", Iterations = 10_000 });
        Assert.True(clean.Found is null, clean.Found?.Bug + "\n" + clean.Found?.TraceText);
        Assert.True(clean.Exhausted);
    }

    [Fact]
    public void ALostWriteIsCaughtWhereItIsRead()
    {
        // A store that reaches the frame by no translation of the address (a stray DMA): the next load
        // through the process's own mapping sees data no store to that address wrote.
        var bug = Torture.Tests.Model.Solo.RunForBug(k =>
        {
            var file = k.NewFile("f", 1);
            var mm = k.NewMm("mm", 1);
            Mmap.Region(mm, "mm:f", 0, 1, VmFlags.Read | VmFlags.Write, file);
            var cpu = k.NewCpu("cpu0");
            CpuAccess.Run(cpu, mm, 0, write: true);
            k.Pages.Access(mm.PageTable[0].Page, write: true, "stray DMA");
            CpuAccess.Run(cpu, mm, 0, write: false);
        });
        Assert.Equal("I13 MemoryCoherence", bug?.Check);
        Assert.Contains("loads v2", bug!.Message);
        Assert.Contains("the latest store to f index 0 is v1", bug.Message);
    }
}

/// <summary>Regressions of the oracle found in review: programs of the correct model it must pass on every schedule.</summary>
public class MemoryCoherenceRegressionTests
{
    private static ExplorationResult Exhaust(params string[] lines) =>
        Explorer.Explore(new Torture.Generator.GeneratedScenario().Fixed(Torture.Generator.GeneratedProgram.Parse(lines), Array.Empty<Mutant>()),
            new ExplorationOptions { Strategy = "dfs", Iterations = 200_000 });

    [Fact]
    public void AStoreThroughAWritableEntryWhileForkWriteProtectsIsNotLost()
    {
        // fork write-protects va0 and flushes only after dropping the PTL: cpu0 may still store
        // through its writable entry in between, into the page the PTE still maps.
        var r = Exhaust(
            "setup: NewMm mm=mm0 pages=1", "setup: MmapAnon mm=mm0 start=0 end=1", "setup: PageFault mm=mm0 va=0 write=true",
            "setup: NewCpu cpu=cpu0", "setup: CpuAccess cpu=cpu0 mm=mm0 va=0 write=true",
            "t0: Fork parent=mm0 childName=mm1",
            "t1: CpuAccess cpu=cpu0 mm=mm0 va=0 write=true", "t1: CpuAccess cpu=cpu0 mm=mm0 va=0 write=false");
        Assert.True(r.Found is null, r.Found?.Bug + "\n" + r.Found?.TraceText);
        Assert.True(r.Exhausted);
    }
}
