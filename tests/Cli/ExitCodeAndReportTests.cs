using System.Text.Json;
using System.Xml.Linq;
using Torture.Model;
using Xunit;

namespace Torture.Tests.Cli;

/// <summary>Exit codes 0-4 as documented, an interrupted run that still reports, and the reports' shape.</summary>
public class ExitCodeAndReportTests
{
    [Fact]
    public void AnInterruptedRunStopsWritesItsReportsMarkedInterruptedAndExitsFour()
    {
        using var cli = new CliHarness();
        var outDir = cli.Path("out");
        using var cts = new System.Threading.CancellationTokenSource(TimeSpan.FromSeconds(2));
        var o = new StringWriter();
        var e = new StringWriter();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int code = Program.Run(new[] { "run", "--scenario", "fault-vs-zap", "--iterations", "100000000", "--out", outDir }, o, e, cts.Token);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
        Assert.True(code == 4, o.ToString() + e);
        Assert.Contains("interrupted after", o.ToString());
        Assert.Contains("INTERRUPTED: 1 of 1 scenario(s) stopped early", o.ToString());
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "latest", "results.json")));
        Assert.Equal("interrupted", json.RootElement.GetProperty("result").GetString());
        Assert.Equal(4, json.RootElement.GetProperty("exitCode").GetInt32());
        Assert.Equal("Interrupted", json.RootElement.GetProperty("scenarios")[0].GetProperty("stopReason").GetString());
        var junit = XDocument.Load(Path.Combine(outDir, "latest", "junit.xml"));
        Assert.Single(junit.Descendants("skipped"));
        Assert.Equal("1", junit.Root!.Attribute("skipped")!.Value);
    }

    [Fact]
    public void ADfsItsBudgetCutShortIsIncompleteExitFourAndAnExhaustedOneIsClean()
    {
        using var cli = new CliHarness();
        var cut = cli.Run("run", "--scenario", "fault-vs-zap", "--strategy", "dfs", "--iterations", "5", "--out", cli.Path("a"));
        Assert.Equal(4, cut.Code);
        Assert.Contains("INCOMPLETE: 1 of 1 dfs exploration(s) cut short", cut.Out);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(cli.Path("a"), "latest", "results.json")));
        Assert.Equal("incomplete", json.RootElement.GetProperty("result").GetString());
        var full = cli.Run("run", "--scenario", "fault-vs-zap", "--strategy", "dfs", "--preemption-bound", "1", "--out", cli.Path("b"));
        Assert.Equal(0, full.Code);
        Assert.Contains("EXHAUSTED", full.Out);
    }

    [Fact]
    public void ResultsAreAVersionedObjectWithTheConfigAndALivenessResultIsItsOwnKind()
    {
        using var cli = new CliHarness();
        var outDir = cli.Path("out");
        // Two scheduling steps per iteration at most: every iteration of fault-vs-zap runs out of steps.
        var (code, output, err) = cli.Run("run", "--scenario", "fault-vs-zap", "--max-steps", "2", "--shrink-seconds", "0", "--out", outDir);
        Assert.True(code == 1, output + err);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "latest", "results.json")));
        var root = json.RootElement;
        Assert.Equal("torture-results", root.GetProperty("format").GetString());
        Assert.Equal(Torture.Reports.JsonReport.Version, root.GetProperty("version").GetInt32());
        Assert.Equal("liveness", root.GetProperty("result").GetString());
        Assert.True(root.GetProperty("scenarios")[0].GetProperty("bug").GetProperty("liveness").GetBoolean());
        Assert.Equal(2, root.GetProperty("config").GetProperty("max-steps").GetInt64());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("commit").GetString()));
        var md = File.ReadAllText(Path.Combine(outDir, "latest", "summary.md"));
        Assert.Contains("## Torture: liveness (exit 1)", md);
        Assert.Contains("| fault-vs-zap | liveness |", md);
        var junit = XDocument.Load(Path.Combine(outDir, "latest", "junit.xml")).Root!;
        foreach (var attribute in new[] { "tests", "failures", "errors", "skipped", "time" }) Assert.NotNull(junit.Attribute(attribute));
        Assert.Contains(junit.Element("properties")!.Elements("property"), p => p.Attribute("name")!.Value == "seed");
    }

    [Fact]
    public void AnInternalErrorIsOneLineAndExitThree()
    {
        var o = new StringWriter();
        var e = new StringWriter();
        // A console that fails on write is not bad input: it is Torture's own problem to report.
        int code = Program.Run(new[] { "list" }, new ThrowingWriter(), e);
        Assert.Equal(3, code);
        var line = Assert.Single(e.ToString().TrimEnd('\n').Split('\n'));
        Assert.StartsWith("torture: internal error: InvalidOperationException", line);
        Assert.Contains("details: ", line);
    }

    [Fact]
    public void MutantsPrintsAMutationScore()
    {
        using var cli = new CliHarness();
        var (code, output, err) = cli.Run("mutants", "--mutant", $"{nameof(Mutant.SkipStartInZap)},{nameof(Mutant.UnregisterNoSynchronize)}", "--generated");
        Assert.True(code == 0, output + err);
        Assert.Contains("mutation score: 4/4 (100%)", output);
        Assert.Contains("killed by I2 NoStaleSecondary", output);
    }

    [Theory]
    [InlineData("--version")]
    [InlineData("run", "--help")]
    [InlineData("replay", "-h")]
    public void VersionAndHelpExitZero(params string[] args)
    {
        using var cli = new CliHarness();
        var (code, output, err) = cli.Run(args);
        Assert.True(code == 0, output + err);
        Assert.Contains(args[0] == "--version" ? "behaviour fingerprint" : $"torture {args[0]} ", output);
    }

    private sealed class ThrowingWriter : TextWriter
    {
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;
        public override void Write(char value) => throw new InvalidOperationException("the console went away");
        public override void Write(string? value) => throw new InvalidOperationException("the console went away");
        public override void WriteLine(string? value) => throw new InvalidOperationException("the console went away");
    }
}
