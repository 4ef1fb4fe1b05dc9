using Torture.Reports;
using Xunit;

namespace Torture.Tests.Cli;

/// <summary>A run is never silent: status lines in a log, and a budget that cut a run short says so.</summary>
public class ProgressTests
{
    [Fact]
    public void ALongRunPrintsStatusLinesAndSaysTheTimeBudgetStoppedIt()
    {
        using var cli = new CliHarness();
        var (code, output, err) = cli.Run("run", "--scenario", "fault-vs-zap", "--iterations", "100000000", "--time-budget", "5",
            "--status-seconds", "1", "--out", cli.Path("out"));
        Assert.True(code == 0, output + err);
        var status = output.Split('\n').Where(l => l.StartsWith("status ", StringComparison.Ordinal)).ToList();
        // When the ticks fall depends on the machine (the timer and the explorations share the thread
        // pool, which the rest of the suite keeps busy): that lines come is asserted here, what a line
        // says in the test below.
        Assert.NotEmpty(status);
        Assert.All(status, l => Assert.Matches(@"^status \d+ s: ", l));
        Assert.Contains("clean (the time budget stopped it after", output);
    }

    [Fact]
    public void TheStatusLineNamesWhatRunsWhatWaitsAndWhatIsDone()
    {
        var p = new CampaignProgress(new (string, long, TimeSpan?)[] { ("a", 100, null), ("b", 50, null), ("c", 10, null) });
        p.Start(0);
        p.Iterated(0, 9);
        p.Start(1);
        p.Finish(1);
        var line = StatusLines.Line(p);
        Assert.Matches(@"^status \d+ s: a 10/100 it [\d,]+ sched/s ETA (\d+ s|\?); 1 done, 1 waiting$", line);
        Assert.DoesNotContain("b ", line.Split(';')[0]);
        Assert.EndsWith("1 done, 1 waiting", line);
        Assert.False(LiveProgress.Wanted(new StringWriter()));
    }

    [Fact]
    public void TheLiveViewRethrowsTheOriginalErrorAndPrintsWhatWasHeld()
    {
        var p = new CampaignProgress(new (string, long, TimeSpan?)[] { ("a", 10, null) });
        var console = new StringWriter();
        var e = Assert.Throws<Torture.Systematic.TortureInputException>(() => LiveProgress.Run<int>(p, console, held =>
        {
            held.WriteLine("a line the campaign printed");
            throw new Torture.Systematic.TortureInputException("bad input found mid-run");
        }));
        Assert.Equal("bad input found mid-run", e.Message);
        Assert.Contains("a line the campaign printed", console.ToString());
    }
}
