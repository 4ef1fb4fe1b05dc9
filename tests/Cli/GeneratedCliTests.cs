using System.Text.Json;
using Torture.Model;
using Xunit;

namespace Torture.Tests.Cli;

/// <summary>The generated scenario at the command line: both schedules written, coverage reported, minimize, a broken program part.</summary>
public class GeneratedCliTests
{
    private static (CliHarness Cli, string Out, string Original, string Shrunk) FindWithShrinking(Mutant mutant)
    {
        var cli = new CliHarness();
        var outDir = cli.Path("out");
        var (code, output, err) = cli.Run("run", "--scenario", "generated", "--mutant", mutant.ToString(), "--out", outDir);
        Assert.True(code == 1, output + err);
        Assert.Contains("shrunk: ", output);
        Assert.Contains("coverage: ", output);
        var stem = Path.Combine(CliHarness.LatestRun(outDir), $"generated+{mutant}.s1");
        Assert.Contains($"replay: torture replay {stem}.min.schedule", output);
        return (cli, outDir, stem + ".schedule", stem + ".min.schedule");
    }

    [Fact]
    public void AGeneratedBugWritesTheOriginalAndTheShrunkScheduleAndTheTraceShowsTheShrunkOne()
    {
        var (cli, outDir, original, shrunk) = FindWithShrinking(Mutant.UnregisterNoSynchronize);
        using (cli)
        {
            Assert.True(File.Exists(original));
            Assert.True(File.Exists(shrunk));
            var trace = File.ReadAllText(Path.Combine(outDir, "latest", "generated+UnregisterNoSynchronize.s1.trace.txt"));
            var (code, replayed, _) = cli.Run("replay", shrunk);
            Assert.Equal(1, code);
            Assert.StartsWith(trace, replayed);
            var (codeOriginal, replayedOriginal, _) = cli.Run("replay", original);
            Assert.Equal(1, codeOriginal);
            Assert.Contains("I7 NoCallbackAfterUnregister", replayedOriginal);
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "latest", "results.json")));
            var row = json.RootElement.GetProperty("scenarios")[0];
            Assert.Equal(shrunk, row.GetProperty("shrunk").GetProperty("schedule").GetString());
            Assert.True(row.GetProperty("coverage").GetProperty("operations").EnumerateObject().Any());
            int ops = Torture.Generator.OperationCatalog.ThreadOps.Count;
            Assert.Equal(ops * (ops + 1) / 2, row.GetProperty("coverage").GetProperty("possiblePairs").GetInt32());
        }
    }

    [Fact]
    public void MinimizeShrinksAScheduleFile()
    {
        using var cli = new CliHarness();
        var outDir = cli.Path("out");
        var (code, output, err) = cli.Run("run", "--scenario", "generated", "--mutant", nameof(Mutant.UnregisterNoSynchronize), "--shrink-seconds", "0", "--out", outDir);
        Assert.True(code == 1, output + err);
        Assert.DoesNotContain("shrunk: ", output);
        var original = Path.Combine(outDir, "latest", "generated+UnregisterNoSynchronize.s1.schedule");
        var (mcode, moutput, merr) = cli.Run("minimize", original);
        Assert.True(mcode == 1, moutput + merr);
        Assert.Contains("reproduced: AssertionFailure [I7 NoCallbackAfterUnregister]", moutput);
        Assert.Contains("after:", moutput);
        var min = Path.Combine(outDir, "latest", "generated+UnregisterNoSynchronize.s1.min.schedule");
        Assert.Contains("I7 NoCallbackAfterUnregister", cli.Run("replay", min).Out);
    }

    [Theory]
    [InlineData("operation")]
    [InlineData("argument")]
    [InlineData("value")]
    public void AProgramPartThatNoLongerMatchesTheCatalogIsOneLineNamingTheFileLine(string what)
    {
        using var cli = new CliHarness();
        var outDir = cli.Path("out");
        cli.Run("run", "--scenario", "generated", "--mutant", nameof(Mutant.UnregisterNoSynchronize), "--shrink-seconds", "0", "--out", outDir);
        var text = File.ReadAllText(Path.Combine(outDir, "latest", "generated+UnregisterNoSynchronize.s1.schedule"));
        var lines = text.Split('\n');
        int at = Array.FindIndex(lines, l => l.StartsWith("| t0: ", StringComparison.Ordinal));
        var words = lines[at]["| t0: ".Length..].Split(' ');
        var (from, to, mentions) = what switch
        {
            // An operation this build no longer has (renamed).
            "operation" => (words[0], words[0] + "Zz", $"unknown operation '{words[0]}Zz'"),
            // An argument renamed.
            "argument" => (" " + words[1], " x" + words[1], $"argument 1 must be {words[1].Split('=')[0]}="),
            _ => (words[1], words[1].Split('=')[0] + "=#", "is not a valid"),
        };
        lines[at] = lines[at].Replace(from, to);
        var bad = cli.Write("bad.schedule", string.Join('\n', lines));
        var (code, _, err) = cli.Run("replay", bad);
        Assert.Equal(2, code);
        Assert.Single(err.TrimEnd('\n').Split('\n'));
        Assert.Contains(mentions, err);
        Assert.Contains($"line {at + 1}:", err);
    }
}
