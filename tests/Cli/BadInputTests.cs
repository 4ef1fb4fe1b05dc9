using Xunit;

namespace Torture.Tests.Cli;

/// <summary>Bad input of every kind: one line on stderr, exit code 2, never a stack trace.</summary>
public class BadInputTests
{
    [Theory]
    [InlineData(new[] { "frobnicate" }, "unknown command")]
    [InlineData(new[] { "run", "--bogus" }, "unknown option '--bogus'")]
    [InlineData(new[] { "run", "--iterations", "many" }, "--iterations")]
    [InlineData(new[] { "run", "--iterations", "0" }, "--iterations")]
    [InlineData(new[] { "run", "--strategy", "lucky" }, "unknown strategy 'lucky'")]
    [InlineData(new[] { "run", "--seed" }, "--seed needs a value")]
    [InlineData(new[] { "run", "--scenario", "no-such-scenario" }, "unknown scenario 'no-such-scenario'")]
    [InlineData(new[] { "run", "--mutant", "NoSuchMutant" }, "unknown mutant 'NoSuchMutant'")]
    [InlineData(new[] { "replay" }, "give the schedule file")]
    [InlineData(new[] { "replay", "/no/such/file.schedule" }, "cannot read the schedule file")]
    public void FlagsAndCommands(string[] args, string mentions)
    {
        using var cli = new CliHarness();
        var (code, _, err) = cli.Run(args);
        CliHarness.AssertOneLineError(code, err, mentions);
    }

    [Theory]
    [InlineData("{ \"strategy\": \"pct\", \"colour\": \"blue\" }", "unknown key 'colour'")]
    [InlineData("{ \"iterations\": -5 }", "'iterations'")]
    [InlineData("{ \"strategy\": 3 }", "'strategy'")]
    [InlineData("{ \"lock-order\": \"yes\" }", "'lock-order'")]
    [InlineData("{ \"iterations\": 10, ", "not valid JSON")]
    [InlineData("[1, 2]", "must be a JSON object")]
    public void Config(string json, string mentions)
    {
        using var cli = new CliHarness();
        var config = cli.Write("coyote.json", json);
        var (code, _, err) = cli.Run("demo", "--config", config, "--out", cli.Path("out"));
        CliHarness.AssertOneLineError(code, err, mentions);
    }

    [Theory]
    [InlineData("not a schedule\n", "line 1")]
    [InlineData("torture-schedule 99\n", "version 99")]
    [InlineData("torture-schedule 1\nprogram: demo-lost-update\n", "line 3")]
    public void ScheduleFiles(string text, string mentions)
    {
        using var cli = new CliHarness();
        var file = cli.Write("bad.schedule", text);
        var (code, _, err) = cli.Run("replay", file);
        CliHarness.AssertOneLineError(code, err, mentions);
    }
}
