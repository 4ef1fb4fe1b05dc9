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
        var schedule = Assert.Single(Directory.GetFiles(outDir, "*.schedule"));
        Assert.True(Path.GetFileName(schedule).Length < 128, schedule);
        Assert.Contains($"+{Enum.GetNames<Mutant>().Length}-mutants-", schedule);
        Assert.Equal(Enum.GetNames<Mutant>().Length, Schedule.Load(schedule).Faults.Count);
    }

    [Fact]
    public void HundredConcurrentRunsSharingOneOutputFolderEachKeepTheirSchedule()
    {
        using var cli = new CliHarness();
        var outDir = cli.Path("out");
        var codes = new int[100];
        Parallel.For(0, 100, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            // Seeds 1-50 differ; 51-100 all use seed 7, so they race for the same names.
            var seed = i < 50 ? (i + 1).ToString() : "7";
            codes[i] = cli.Run("run", "--scenario", "fault-vs-zap", "--mutant", nameof(Mutant.SkipStartInZap), "--iterations", "20",
                "--seed", seed, "--shrink-seconds", "0", "--workers", "1", "--out", outDir).Code;
        });
        Assert.All(codes, c => Assert.Equal(1, c));
        for (int seed = 1; seed <= 50; seed++)
        {
            var s = Schedule.Load(Path.Combine(outDir, $"fault-vs-zap+SkipStartInZap.s{seed}.schedule"));
            Assert.Equal((ulong)seed, s.Seed);
            Assert.True(File.Exists(Path.Combine(outDir, $"fault-vs-zap+SkipStartInZap.s{seed}.trace.txt")));
        }
        Assert.Empty(Directory.GetFiles(outDir, "*.tmp"));
        Assert.NotNull(System.Xml.Linq.XDocument.Load(Path.Combine(outDir, "junit.xml")));
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
        var file = Path.Combine(outDir, "fault-vs-zap+SkipStartInZap.s1.schedule");
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
    public void DemoSaysSuccessAndLeavesTheRunsReportsAlone()
    {
        using var cli = new CliHarness();
        var outDir = cli.Path("out");
        Assert.Equal(0, cli.Run("run", "--scenario", "fault-vs-zap", "--iterations", "10", "--out", outDir).Code);
        var junit = File.ReadAllText(Path.Combine(outDir, "junit.xml"));
        var (code, output, _) = cli.Run("demo", "--out", outDir);
        Assert.Equal(0, code);
        Assert.Contains("SUCCESS", output);
        Assert.DoesNotContain("FAILURE", output);
        Assert.Equal(junit, File.ReadAllText(Path.Combine(outDir, "junit.xml")));
        Assert.True(File.Exists(Path.Combine(outDir, "demo", "junit.xml")));
    }
}
