using System.Xml.Linq;
using Torture.Model;
using Torture.Scenarios;
using Xunit;

namespace Torture.Tests.Cli;

/// <summary>The main job end to end: a clean campaign exits 0; a mutant's bug exits 1 and replays from its file.</summary>
public class RunCliTests
{
    [Fact]
    public void CleanModelExitsZeroAndWritesReports()
    {
        using var cli = new CliHarness();
        var outDir = cli.Path("out");
        var (code, output, err) = cli.Run("run", "--iterations", "30", "--out", outDir);
        Assert.True(code == 0, output + err);
        foreach (var s in ScenarioCatalog.All) Assert.Contains(s.Name, output);
        Assert.Contains("SUCCESS", output);
        var junit = XDocument.Load(Path.Combine(outDir, "latest", "junit.xml"));
        Assert.Equal(ScenarioCatalog.All.Count, junit.Descendants("testcase").Count());
        Assert.Empty(junit.Descendants("failure"));
        Assert.Empty(Directory.GetFiles(Path.Combine(outDir, "latest"), "*.schedule"));
    }

    [Fact]
    public void MutantIsFoundThenReplayedFromItsScheduleFile()
    {
        var expect = MutantExpectations.For(Mutant.KvmNoRetryCheck);
        using var cli = new CliHarness();
        var outDir = cli.Path("out");
        var (code, output, err) = cli.Run("run", "--scenario", expect.Scenario, "--mutant", nameof(Mutant.KvmNoRetryCheck),
            "--iterations", expect.Budget.ToString(), "--out", outDir);
        Assert.True(code == 1, output + err);
        Assert.Contains(expect.Check, output);
        var schedule = Path.Combine(outDir, "latest", $"{expect.Scenario}+{nameof(Mutant.KvmNoRetryCheck)}.s1.schedule");
        Assert.Contains("faults: KvmNoRetryCheck", File.ReadAllText(schedule));
        var trace = File.ReadAllText(Path.ChangeExtension(schedule, ".trace.txt"));

        var (replayCode, replayed, replayErr) = cli.Run("replay", schedule);
        Assert.True(replayCode == 1, replayed + replayErr);
        Assert.StartsWith(trace, replayed);
        Assert.Contains($"reproduced: AssertionFailure [{expect.Check}]", replayed);
    }

    [Fact]
    public void ListNamesEveryScenarioInvariantAndMutant()
    {
        using var cli = new CliHarness();
        var (code, output, _) = cli.Run("list");
        Assert.Equal(0, code);
        foreach (var m in Enum.GetNames<Mutant>()) Assert.Contains(m, output);
        foreach (var i in Torture.Invariants.InvariantCatalog.All) Assert.Contains(i.Name, output);
    }
}
