using Torture.Systematic;
using Xunit;

namespace Torture.Tests.Systematic;

/// <summary>A logical thread looping in native code, never reaching a scheduling point, is caught by the watchdog.</summary>
public class WatchdogTests
{
    private static volatile bool release;

    [Fact]
    public void StuckThreadIsReportedAndTheOthersUnwind()
    {
        var program = new TestProgram("stuck", p =>
        {
            var x = new AtomicLong("x");
            p.Thread("spinner", () =>
            {
                x.Add(1);
                while (!release) { }    // no Torture primitive: invisible to the scheduler
                x.Add(1);
            });
            p.Thread("other", () => { x.Add(1); x.Add(1); });
        });
        try
        {
            var r = Explorer.Explore(program, Run.Options("dfs", 10) with { Watchdog = TimeSpan.FromSeconds(1) });
            Assert.True(r.BugFound);
            var bug = r.Found!.Bug;
            Assert.Equal((BugKind.StuckThread, "watchdog", "spinner"), (bug.Kind, bug.Check, bug.Thread));
            Assert.Contains("without reaching a scheduling point", bug.Message);
            Assert.False(bug.IsLiveness);
            Assert.True(r.Found.Reproduced);
        }
        finally
        {
            release = true;   // let the stuck OS threads (the exploration's and its replay's) finish
        }
    }

    private static volatile bool stopSwallowing;

    [Fact]
    public void AThreadThatWillNotUnwindIsGivenUpOnInsteadOfHangingTheExplorer()
    {
        var program = new TestProgram("swallower", p =>
        {
            var x = new AtomicLong("x");
            bool done = false;
            p.Thread("swallower", () =>
            {
                // Model code that must never do this: it catches the cancellation and then blocks.
                try { x.Add(1); x.Add(1); }
                catch (IterationCanceledException) { while (!stopSwallowing) { } }
                done = true;
            });
            p.Thread("asserter", () => { x.Add(1); Sched.Assert(done, "the asserter ran while the swallower was mid-way", "found"); });
        });
        try
        {
            var r = Explorer.Explore(program, Run.Options("dfs", 10) with { Watchdog = TimeSpan.FromSeconds(1) });
            var bug = r.Found!.Bug;
            Assert.Equal("found", bug.Check);
            Assert.Contains("swallower did not unwind", bug.Message);
        }
        finally
        {
            stopSwallowing = true;
        }
    }
}
