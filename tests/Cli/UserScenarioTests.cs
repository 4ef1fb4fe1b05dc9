using Torture.Campaign;
using Torture.Model;
using Torture.Scenarios;
using Xunit;

namespace Torture.Tests.Cli;

/// <summary>A user's own scenarios, in their own assembly, found by type as invariants are: run, list, replay and minimize know them.</summary>
public class UserScenarioTests
{
    private static readonly string Assembly = Path.Combine(AppContext.BaseDirectory, "Torture.Samples.dll");

    [Fact]
    public void AUsersScenarioIsListedRunAndItsBugReplaysWithItsAssembly()
    {
        using var cli = new CliHarness();
        var (code, list, _) = cli.Run("list", "--assembly", Assembly);
        Assert.Equal(0, code);
        Assert.Contains("sample-guest-vs-dontneed", list);
        Assert.Contains("(from Torture.Samples.dll)", list);

        Assert.Equal(0, cli.Run("run", "--assembly", Assembly, "--scenario", "sample-guest-vs-dontneed", "--iterations", "500", "--out", cli.Path("clean")).Code);
        var (bug, output, _) = cli.Run("run", "--assembly", Assembly, "--scenario", "sample-guest-vs-dontneed", "--mutant", nameof(Mutant.KvmNoRetryCheck), "--shrink-seconds", "0", "--out", cli.Path("bug"));
        Assert.Equal(1, bug);
        Assert.Contains("I2 NoStaleSecondary", output);
        var schedule = Path.Combine(CliHarness.LatestRun(cli.Path("bug")), "sample-guest-vs-dontneed+KvmNoRetryCheck.s1.schedule");
        var replay = cli.Run("replay", schedule, "--assembly", Assembly);
        Assert.Equal(1, replay.Code);
        Assert.Contains("reproduced: AssertionFailure [I2 NoStaleSecondary]", replay.Out);
        // Its schedules belong to its own code as well as ours.
        Assert.NotEqual(Scenario.Fingerprint, ScenarioCatalog.Find("sample-guest-vs-dontneed")!.Program(Array.Empty<Mutant>()).Fingerprint);
    }

    [Fact]
    public void AScheduleOfAScenarioThisProcessDoesNotKnowSaysToGiveItsAssembly()
    {
        using var cli = new CliHarness();
        cli.Run("run", "--scenario", "fault-vs-zap", "--mutant", nameof(Mutant.KvmNoRetryCheck), "--shrink-seconds", "0", "--out", cli.Path("o"));
        var text = File.ReadAllText(Path.Combine(CliHarness.LatestRun(cli.Path("o")), "fault-vs-zap+KvmNoRetryCheck.s1.schedule"));
        var file = cli.Write("theirs.schedule", text.Replace("program: fault-vs-zap", "program: someone-elses-scenario"));
        var (code, _, err) = cli.Run("replay", file);
        CliHarness.AssertOneLineError(code, err, "add --assembly FILE");
    }

    [Theory]
    [InlineData("no-such.dll", "no such file")]
    [InlineData("not-an-assembly.dll", "not a .NET assembly")]
    [InlineData("torture-reports", "has no public scenario")]
    public void ABadAssemblyIsOneLine(string which, string mentions)
    {
        using var cli = new CliHarness();
        var path = which switch
        {
            "not-an-assembly.dll" => cli.Write(which, "MZ this is not a PE file"),
            "torture-reports" => typeof(Torture.Reports.BugPage).Assembly.Location,
            _ => cli.Path(which),
        };
        var (code, _, err) = cli.Run("run", "--assembly", path, "--scenario", "fault-vs-zap", "--out", cli.Path("o"));
        CliHarness.AssertOneLineError(code, err, mentions);
    }
}
