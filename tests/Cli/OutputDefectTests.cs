using Torture.Model;
using Torture.Systematic;
using Xunit;

namespace Torture.Tests.Cli;

/// <summary>Issue 11's defects: no schedule is lost, no stack trace, nothing accepted silently.</summary>
public class OutputDefectTests
{
    [Fact]
    public void EveryMutantAtOnceStillGetsAScheduleWithAShortName()
    {
        using var cli = new CliHarness();
        var outDir = cli.Path("out");
        var all = string.Join(",", Enum.GetNames<Mutant>());
        var (code, output, err) = cli.Run("run", "--scenario", "fault-vs-zap", "--mutant", all, "--iterations", "100", "--shrink-seconds", "0", "--out", outDir);
        Assert.True(code == 1, output + err);
        var schedule = Assert.Single(Directory.GetFiles(Path.Combine(outDir, "latest"), "*.schedule"));
        Assert.True(Path.GetFileName(schedule).Length < 128, schedule);
        Assert.Contains($"+{Enum.GetNames<Mutant>().Length}-mutants-", schedule);
        Assert.Equal(Enum.GetNames<Mutant>().Length, Schedule.Load(schedule).Faults.Count);
    }

    [Fact]
    public void HundredConcurrentRunsSharingOneOutputFolderEachKeepTheirSchedule()
    {
        using var cli = new CliHarness();
        var outDir = cli.Path("out");
        var runs = new (int Code, string Out, string Err)[100];
        Parallel.For(0, 100, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            // Seeds 1-50 differ; 51-100 all use seed 7, so they race for the same run-folder names.
            var seed = i < 50 ? (i + 1).ToString() : "7";
            runs[i] = cli.Run("run", "--scenario", "fault-vs-zap", "--mutant", nameof(Mutant.SkipStartInZap), "--iterations", "20",
                "--seed", seed, "--shrink-seconds", "0", "--workers", "1", "--out", outDir);
        });
        Assert.All(runs, r => Assert.Equal(1, r.Code));
        var folders = new HashSet<string>();
        for (int i = 0; i < 100; i++)
        {
            var schedule = System.Text.RegularExpressions.Regex.Match(runs[i].Out, @"schedule: (\S+\.schedule)").Groups[1].Value;
            var s = Schedule.Load(schedule);
            Assert.Equal(i < 50 ? (ulong)(i + 1) : 7UL, s.Seed);
            var folder = Path.GetDirectoryName(schedule)!;
            Assert.True(folders.Add(folder), $"two runs wrote to {folder}");
            Assert.True(File.Exists(Path.ChangeExtension(schedule, ".trace.txt")));
            Assert.NotNull(System.Xml.Linq.XDocument.Load(Path.Combine(folder, "junit.xml")));
        }
        Assert.Empty(Directory.GetFiles(outDir, "*.tmp", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData("", "the output directory is empty")]
    [InlineData("out\u0001dir", "control character")]
    [InlineData("out\u0007dir", "control character")]
    [InlineData("out\u001bdir", "control character")]
    [InlineData("out\0dir", "control character")]
    public void ABadOutputPathIsRefusedBeforeExploring(string outDir, string mentions)
    {
        using var cli = new CliHarness();
        var (code, output, err) = cli.Run("run", "--scenario", "fault-vs-zap", "--mutant", nameof(Mutant.SkipStartInZap), "--out", outDir);
        CliHarness.AssertOneLineError(code, err, mentions);
        Assert.DoesNotContain("BUG", output);
    }

    [Fact]
    public void AnUnwritableOutputFolderIsFoundBeforeTheExploration()
    {
        using var cli = new CliHarness();
        var file = cli.Write("a-file", "");
        var (code, output, err) = cli.Run("run", "--out", Path.Combine(file, "out"));
        CliHarness.AssertOneLineError(code, err, "is not writable");
        Assert.DoesNotContain("sched/s", output);
    }

    [Theory]
    [InlineData(new[] { "replay", "" }, "path is empty")]
    [InlineData(new[] { "replay", "/dev/zero" }, "larger than")]
    [InlineData(new[] { "run", "--config", "/dev/zero" }, "larger than")]
    [InlineData(new[] { "run", "--scenario", "" }, "--scenario names no scenario")]
    [InlineData(new[] { "run", "--scenario", ",,," }, "--scenario names no scenario")]
    [InlineData(new[] { "run", "--mutant", "" }, "--mutant names no mutant")]
    [InlineData(new[] { "run", "--mutant", "0" }, "unknown mutant '0'")]
    [InlineData(new[] { "run", "--mutant", "1,2" }, "unknown mutant '1'")]
    public void BadInputIsOneLineNotAStackTraceOrEverything(string[] args, string mentions)
    {
        using var cli = new CliHarness();
        var full = args[0] == "run" ? args.Concat(new[] { "--out", cli.Path("out") }).ToArray() : args;
        var (code, _, err) = cli.Run(full);
        CliHarness.AssertOneLineError(code, err, mentions);
    }

    [Fact]
    public void AConfigurationThatIsADirectoryIsRefused()
    {
        using var cli = new CliHarness();
        var dir = cli.Path("coyote.json");
        Directory.CreateDirectory(dir);
        var (code, _, err) = cli.Run("run", "--config", dir, "--out", cli.Path("out"));
        CliHarness.AssertOneLineError(code, err, "is a directory");
        Assert.Throws<TortureInputException>(() => Torture.Campaign.CampaignConfig.Load(dir));
    }

    [Fact]
    public void AnUnknownFaultInAScheduleNamesItsFileAndLine()
    {
        using var cli = new CliHarness();
        var outDir = cli.Path("out");
        cli.Run("run", "--scenario", "fault-vs-zap", "--mutant", nameof(Mutant.SkipStartInZap), "--iterations", "20", "--shrink-seconds", "0", "--out", outDir);
        var file = Path.Combine(outDir, "latest", "fault-vs-zap+SkipStartInZap.s1.schedule");
        var bad = cli.Write("bad.schedule", File.ReadAllText(file).Replace("faults: SkipStartInZap", "faults: 0"));
        var (code, _, err) = cli.Run("replay", bad);
        CliHarness.AssertOneLineError(code, err, $"{bad}: line 8: unknown mutant '0'");
    }

    [Fact]
    public void TheScheduleIsHandedOverBeforeTheReplayThatConfirmsIt()
    {
        int builds = 0, buildsAtBug = -1;
        var program = new TestProgram("write-first", p =>
        {
            builds++;
            var x = new AtomicLong("x");
            p.Thread("a", () => x.Store(x.Load() + 1));
            p.Thread("b", () => x.Store(x.Load() + 1));
            p.AtEnd(() => Sched.Assert(x.Load() == 2, "lost update", "no-lost-update"));
        });
        var r = Explorer.Explore(program, new ExplorationOptions { Strategy = "random", Iterations = 1000, Seed = 1 },
            onBug: s => buildsAtBug = builds);
        Assert.NotNull(r.Found);
        Assert.True(r.Found!.Reproduced);
        Assert.Equal(r.Iterations, buildsAtBug);      // handed over right after the failing iteration...
        Assert.Equal(r.Iterations + 1, builds);       // ...and only then replayed to confirm it
    }

    [Fact]
    public void EachRunHasItsOwnFolderNamedByTimeAndSeedAndLatestPointsAtTheNewest()
    {
        using var cli = new CliHarness();
        var outDir = cli.Path("out");
        var first = cli.Run("run", "--scenario", "fault-vs-zap", "--iterations", "10", "--seed", "5", "--out", outDir);
        var firstRun = CliHarness.LatestRun(outDir);
        var second = cli.Run("run", "--scenario", "fault-vs-zap", "--iterations", "10", "--seed", "5", "--out", outDir);
        var secondRun = CliHarness.LatestRun(outDir);
        Assert.Equal((0, 0), (first.Code, second.Code));
        Assert.NotEqual(firstRun, secondRun);
        Assert.Matches(@"^\d{8}-\d{6}-s5(-\d+)?$", Path.GetFileName(firstRun));
        Assert.Contains($"output {firstRun}/", first.Out);   // the header names the run's folder
        Assert.True(File.Exists(Path.Combine(firstRun, "junit.xml")) && File.Exists(Path.Combine(secondRun, "junit.xml")));
        Assert.Equal(2, Directory.GetDirectories(outDir).Count(d => Path.GetFileName(d) != "latest"));
    }

    [Fact]
    public void DemoSaysSuccessAndLeavesTheRunsReportsAlone()
    {
        using var cli = new CliHarness();
        var outDir = cli.Path("out");
        Assert.Equal(0, cli.Run("run", "--scenario", "fault-vs-zap", "--iterations", "10", "--out", outDir).Code);
        var junit = File.ReadAllText(Path.Combine(outDir, "latest", "junit.xml"));
        var (code, output, _) = cli.Run("demo", "--out", outDir);
        Assert.Equal(0, code);
        Assert.Contains("SUCCESS", output);
        Assert.DoesNotContain("FAILURE", output);
        Assert.Equal(junit, File.ReadAllText(Path.Combine(outDir, "latest", "junit.xml")));
        Assert.True(File.Exists(Path.Combine(outDir, "demo", "latest", "junit.xml")));
    }
}
