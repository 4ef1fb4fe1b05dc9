using System.Diagnostics;
using Torture.Tests.Cli;
using Xunit;

namespace Torture.Tests.Engines;

/// <summary>torture run --engine coyote|native from the command line: the same lines, files and exit codes; the Coyote trace replays both ways.</summary>
[Collection("coyote")]
public class EngineCliTests
{
    [Fact]
    public void ACoyoteFoundBugIsWrittenAndReplaysWithTortureAndWithCoyotesCli()
    {
        using var cli = new CliHarness();
        var (code, output, _) = cli.Run("run", "--engine", "coyote", "--scenario", "fault-vs-zap", "--mutant", "KvmNoRetryCheck", "--out", cli.Dir, "--status-seconds", "0");
        Assert.Equal(1, code);
        Assert.Contains("engine coyote, prioritization", output);
        var stem = Path.Combine(cli.Dir, "latest", "fault-vs-zap+KvmNoRetryCheck.s1");
        Assert.True(File.Exists(stem + ".schedule"));
        Assert.True(File.Exists(stem + ".coyote.trace"));
        Assert.Contains("\"coyote-method\": \"KvmNoRetryCheck\"", File.ReadAllText(stem + ".coyote.json"));
        Assert.Contains("\"engine\": \"coyote\"", File.ReadAllText(Path.Combine(cli.Dir, "latest", "results.json")));

        var fromTrace = cli.Run("replay", stem + ".coyote.trace");
        Assert.Equal(1, fromTrace.Code);
        Assert.Contains("reproduced: AssertionFailure [I2 NoStaleSecondary]", fromTrace.Out);
        Assert.Contains("kvm: SPTE gfn0 ->", fromTrace.Out);
        var fromSchedule = cli.Run("replay", stem + ".schedule");
        Assert.Equal(1, fromSchedule.Code);
        Assert.Contains("reproduced: AssertionFailure [I2 NoStaleSecondary]", fromSchedule.Out);

        var coyote = CoyoteCli("replay", Path.Combine(RepoRoot, Reports.CoyoteTraceFile.TestAssembly.Replace("/Debug/", $"/{Configuration}/")), stem + ".coyote.trace", "-m", "KvmNoRetryCheck");
        Assert.Contains("I2 NoStaleSecondary", coyote);
        Assert.Contains("Reproduced 1 bug", coyote);
    }

    [Fact]
    public void ACoyoteTraceFromOtherCodeOrWithoutItsSidecarIsBadInput()
    {
        using var cli = new CliHarness();
        Assert.Equal(1, cli.Run("run", "--engine", "coyote", "--scenario", "cow-vs-cpu", "--mutant", "CowSkipsTlbFlush", "--out", cli.Dir, "--status-seconds", "0").Code);
        var trace = Path.Combine(cli.Dir, "latest", "cow-vs-cpu+CowSkipsTlbFlush.s1.coyote.trace");
        var sidecar = Path.ChangeExtension(trace, ".json");
        File.WriteAllText(sidecar, System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(sidecar), "\"fingerprint\": \"[0-9a-f]+\"", "\"fingerprint\": \"0123456789abcdef\""));
        var (code, _, err) = cli.Run("replay", trace);
        CliHarness.AssertOneLineError(code, err, "fingerprint 0123456789abcdef does not match");
        File.Delete(sidecar);
        (code, _, err) = cli.Run("replay", trace);
        CliHarness.AssertOneLineError(code, err, ".coyote.json: missing");
    }

    [Theory]
    [InlineData("--engine", "nope", "unknown engine 'nope' (known: systematic, coyote, native)")]
    [InlineData("--engine coyote --strategy", "pct", "unknown strategy 'pct' for --engine coyote (known: random, prioritization, fair-prioritization, probabilistic, portfolio)")]
    [InlineData("--engine native --strategy", "random", "unknown strategy 'random' for --engine native (known: parallel, gated)")]
    public void AnUnknownEngineOrAStrategyTheEngineLacksIsOneLine(string flags, string value, string mentions)
    {
        using var cli = new CliHarness();
        var (code, _, err) = cli.Run(flags.Split(' ').Prepend("run").Append(value).ToArray());
        CliHarness.AssertOneLineError(code, err, mentions);
    }

    [Fact]
    public void NativeStressFindsABugAndWritesAScheduleThatReplays()
    {
        using var cli = new CliHarness();
        var (code, output, _) = cli.Run("run", "--engine", "native", "--strategy", "gated", "--scenario", "cow-vs-cpu", "--mutant", "CowSkipsTlbFlush", "--time-budget", "30", "--out", cli.Dir, "--status-seconds", "0", "--shrink-seconds", "0");
        Assert.Equal(1, code);
        Assert.Contains("native", output);
        var replay = cli.Run("replay", Path.Combine(cli.Dir, "latest", "cow-vs-cpu+CowSkipsTlbFlush.s1.schedule"));
        Assert.Equal(1, replay.Code);
        Assert.Contains("I13 MemoryCoherence", replay.Out);
    }

    /// <summary>Free on all cores: the bug is reported with what was seen and said to have no schedule, and the run fails.</summary>
    [Fact]
    public void ParallelNativeStressFindsABugAndSaysThereIsNoSchedule()
    {
        using var cli = new CliHarness();
        var (code, output, _) = cli.Run("run", "--engine", "native", "--scenario", "cow-vs-cpu", "--mutant", "CowSkipsTlbFlush", "--time-budget", "30", "--out", cli.Dir, "--status-seconds", "0");
        Assert.Equal(1, code);
        Assert.Contains("parallel", output);
        Assert.Contains("I13 MemoryCoherence", output);
        Assert.Contains("no schedule: parallel threads run free", output);
        Assert.Contains("FAILURE: 1 of 1 scenario(s) found a bug (parallel native: no schedules)", output);
        Assert.Empty(Directory.GetFiles(cli.Dir, "*.schedule", SearchOption.AllDirectories));
        Assert.Contains("none (a parallel native run records no schedule)", File.ReadAllText(Path.Combine(cli.Dir, "latest", "junit.xml")));
    }

    private static string Configuration => AppContext.BaseDirectory.Contains("/Release/") ? "Release" : "Debug";

    private static string RepoRoot
    {
        get
        {
            var d = new DirectoryInfo(AppContext.BaseDirectory);
            while (d is not null && !File.Exists(Path.Combine(d.FullName, "Torture.sln"))) d = d.Parent;
            return d?.FullName ?? throw new InvalidOperationException("no Torture.sln above the test assembly");
        }
    }

    /// <summary>Coyote's own CLI, restored by the build from the committed tool manifest.</summary>
    private static string CoyoteCli(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = RepoRoot, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args.Prepend("coyote")) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_ROLL_FORWARD"] = "Major";
        psi.Environment["COYOTE_CLI_TELEMETRY_OPTOUT"] = "1";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        Assert.True(p.WaitForExit(120_000), "coyote replay did not finish");
        return stdout.Result + stderr;
    }
}
