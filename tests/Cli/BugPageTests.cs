using System.Diagnostics;
using Torture.Model;
using Torture.Reports;
using Torture.Systematic;
using Xunit;
using Xunit.Abstractions;

namespace Torture.Tests.Cli;

/// <summary>A bug's HTML page: one column per thread, the failing step marked, lock holders per step, every name escaped; it renders in a real browser.</summary>
public class BugPageTests(ITestOutputHelper output)
{
    private static FoundBug Found(TestProgram program)
    {
        var r = Explorer.Explore(program, new ExplorationOptions { Iterations = 50, Seed = 1 });
        return r.Found ?? throw new InvalidOperationException("the program must fail");
    }

    [Fact]
    public void ThePageHasAColumnPerThreadTheFailureMarkedAndTheLockHoldersWithEveryNameEscaped()
    {
        var found = Found(new TestProgram("page<&>", p =>
        {
            var m = new Torture.Systematic.Mutex("m<x>");
            p.Thread("T<1>", () => { m.Lock(); m.Unlock(); });
            p.Thread("T&2", () =>
            {
                m.Lock();
                Sched.Yield("inside");
                m.Unlock();
                Sched.Assert(false, "<script>alert(1)</script>", "check\"'");
            });
        }));
        var page = BugPage.Render(found.Bug, found.Schedule, found.Trace, "torture replay x.schedule");
        Assert.DoesNotContain("<script>alert", page);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", page);
        Assert.Contains("<th>T&lt;1&gt;</th>", page);
        Assert.Contains("<th class=\"failing-thread\">T&amp;2 (fails)</th>", page);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(page, "class=\"fail\""));
        // While T&2 is inside its critical section, its steps say it holds the lock.
        Assert.Contains("locks held: m&lt;x&gt; by T&amp;2", page);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(page, "<script>"));   // ours only
        Assert.DoesNotContain("src=", page);   // self-contained: nothing to fetch
        Assert.DoesNotContain("href=", page);
    }

    [BrowserFact]
    public void TheBugPageLoadsInHeadlessChromiumWithoutConsoleErrors()
    {
        using var cli = new CliHarness();
        Assert.Equal(1, cli.Run("run", "--scenario", "hmm-migrate-vs-device", "--mutant", nameof(Mutant.HmmOwnMigrateSkipsSetSeq), "--shrink-seconds", "0", "--out", cli.Path("out")).Code);
        var page = Assert.Single(Directory.GetFiles(Path.Combine(cli.Path("out"), "latest"), "*.html"));
        var shot = Path.Combine(Path.GetTempPath(), "torture-bug-page.png");
        File.Delete(shot);
        var (dom, log) = Chromium(cli.Path("profile"), "--enable-logging=stderr", "--v=0", "--window-size=1400,1000", $"--screenshot={shot}", "--dump-dom", new Uri(page).AbsoluteUri);
        output.WriteLine($"screenshot: {shot}");
        // The script ran to its end (it marks the body), and the browser logged no script error.
        Assert.Contains("data-ready=\"yes\"", dom);
        Assert.Contains("<pre id=\"detail-text\">step ", dom);   // the panel shows the failing step
        Assert.Contains("thread dev:", dom);
        var errors = log.Split('\n').Where(l => l.Contains("CONSOLE", StringComparison.Ordinal) || l.Contains("Uncaught", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        Assert.True(File.Exists(shot) && new FileInfo(shot).Length > 10_000, "the screenshot must show the page");
        Assert.Equal(0x89, File.ReadAllBytes(shot)[0]);   // a PNG
    }

    private static (string Dom, string Log) Chromium(string profile, params string[] args)
    {
        var psi = new ProcessStartInfo(BrowserFactAttribute.Find()!)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run", $"--user-data-dir={profile}" }.Concat(args))
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var dom = p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(120_000), "chromium did not finish");
        return (dom, err.Result);
    }
}

/// <summary>
/// A test that needs Debian's chromium: skipped (and says how to get it) where it is absent, unless
/// TORTURE_BROWSER_REQUIRED is set, as .ci/run sets it after installing the package.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (Find() is null && Environment.GetEnvironmentVariable("TORTURE_BROWSER_REQUIRED") is null)
            Skip = "needs a headless browser: apt-get install chromium (.ci/run installs it)";
    }

    public static string? Find() =>
        new[] { Environment.GetEnvironmentVariable("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser" }
            .FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p));
}
