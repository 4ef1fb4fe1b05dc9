using Torture.Campaign;
using Xunit;

namespace Torture.Tests.Cli;

/// <summary>The command line on System.CommandLine: per-command help, short aliases, every coyote.json key as a flag, the last value winning.</summary>
public class CommandLineTests
{
    [Theory]
    [InlineData("run", "--scenario")]
    [InlineData("replay", "--no-fingerprint-check")]
    [InlineData("minimize", "--shrink-seconds")]
    [InlineData("mutants", "--generated")]
    [InlineData("list", "--assembly")]
    [InlineData("demo", "--iterations")]
    [InlineData("merge", "--out")]
    public void EveryCommandHasItsOwnHelp(string command, string option)
    {
        using var cli = new CliHarness();
        var (code, output, err) = cli.Run(command, "--help");
        Assert.Equal(0, code);
        Assert.Equal("", err);
        Assert.Contains($"torture {command}", output);   // its usage line
        Assert.Contains(option, output);
        Assert.Contains("-h, --help", output);
    }

    [Fact]
    public void EveryConfigurationKeyIsAFlagOfRun()
    {
        using var cli = new CliHarness();
        var help = cli.Run("run", "--help").Out;
        Assert.All(CampaignConfig.Keys, key => Assert.Contains($"--{key}", help));
    }

    [Fact]
    public void ShortAliasesWorkAndTheLastValueWins()
    {
        using var cli = new CliHarness();
        var (code, output, _) = cli.Run("run", "-s", "fault-vs-zap", "-n", "7", "--seed", "1", "--seed", "9", "-j", "1", "-o", cli.Path("o"), "--lock-order", "false", "--output", cli.Path("p"));
        Assert.Equal(0, code);
        Assert.Contains("1 scenario(s), pct, 7 iterations each, seed 9, 1 worker(s)", output);
        Assert.Contains($"output {cli.Path("p")}/", output);   // --out and its alias --output are one option: the last one counts
        Assert.False(Directory.Exists(cli.Path("o")));
    }

    [Fact]
    public void VersionAndTheOverviewExitZero()
    {
        using var cli = new CliHarness();
        var version = cli.Run("--version");
        Assert.Equal(0, version.Code);
        Assert.StartsWith("torture ", version.Out);
        Assert.Contains("fingerprint", version.Out);
        var overview = cli.Run("--help");
        Assert.Equal(0, overview.Code);
        Assert.Contains("torture merge", overview.Out);
    }

    [Theory]
    [InlineData(new[] { "run", "--lock-order", "maybe" }, "--lock-order takes true or false")]
    [InlineData(new[] { "run", "--probabilistic-n", "99" }, "--probabilistic-n")]
    [InlineData(new[] { "replay", "a", "b" }, "unexpected argument 'b'")]
    public void BadValuesOfTheNewFlagsAreOneLine(string[] args, string mentions)
    {
        using var cli = new CliHarness();
        var (code, _, err) = cli.Run(args);
        CliHarness.AssertOneLineError(code, err, mentions);
    }
}
