using Xunit;

namespace Torture.Tests.Cli;

/// <summary>The demo bugs are found, their schedules written first, and replayed from the command line.</summary>
public class ReplayCliTests
{
    [Fact]
    public void DemoBugsAreFoundAndReplayByteForByte()
    {
        using var cli = new CliHarness();
        var outDir = cli.Path("out");
        var (code, output, err) = cli.Run("demo", "--out", outDir);
        Assert.True(code == 0, output + err);
        Assert.Contains("SUCCESS: all 3 demonstration bugs found", output);
        outDir = Path.Combine(outDir, "demo", "latest");   // a demo never overwrites a run's reports
        foreach (var name in new[] { "demo-lost-update", "demo-abba-deadlock", "demo-abba-deadlock-lockdep-off" })
        {
            var schedule = Path.Combine(outDir, name + ".s1.schedule");
            var trace = File.ReadAllText(Path.Combine(outDir, name + ".s1.trace.txt"));
            var (replayCode, replayed, replayErr) = cli.Run("replay", schedule);
            Assert.True(replayCode == 1, replayed + replayErr);
            // The replayed trace is the one the exploration wrote, byte for byte.
            Assert.StartsWith(trace, replayed);
        }
        Assert.Contains("wait-for cycle: ", File.ReadAllText(Path.Combine(outDir, "demo-abba-deadlock-lockdep-off.s1.trace.txt")));
        Assert.Contains("lock order inversion", File.ReadAllText(Path.Combine(outDir, "demo-abba-deadlock.s1.trace.txt")));
    }

    [Fact]
    public void ScheduleIsWrittenEvenWhenTheReportsCannotBe()
    {
        using var cli = new CliHarness();
        var outDir = cli.Path("out");
        // A directory where the trace file should go makes every later write fail (in each run folder
        // the next seconds may name: a folder without its .run marker is still free to claim).
        var now = DateTime.UtcNow;
        for (int s = 0; s < 30; s++)
            Directory.CreateDirectory(Path.Combine(outDir, "demo", $"{now.AddSeconds(s):yyyyMMdd-HHmmss}-s1", "demo-lost-update.s1.trace.txt"));
        var (code, _, err) = cli.Run("demo", "--out", outDir);
        Assert.Equal(2, code);
        Assert.Contains("cannot write the results", err);
        Assert.True(File.Exists(Path.Combine(CliHarness.LatestRun(Path.Combine(outDir, "demo")), "demo-lost-update.s1.schedule")));
    }

    [Fact]
    public void TamperedScheduleStopsAtTheDivergingLine()
    {
        using var cli = new CliHarness();
        var outDir = cli.Path("out");
        cli.Run("demo", "--out", outDir);
        var file = Path.Combine(outDir, "demo", "latest", "demo-lost-update.s1.schedule");
        var lines = File.ReadAllLines(file).ToList();
        int first = lines.FindIndex(l => l.StartsWith("t ", StringComparison.Ordinal));
        // Claim a thread ran whose enabled set the program will not present.
        lines[first] = "t 2 0,2";
        File.WriteAllLines(file, lines);
        var (code, _, err) = cli.Run("replay", file);
        Assert.Equal(2, code);
        Assert.Contains($"line {first + 1}", err);
    }
}
