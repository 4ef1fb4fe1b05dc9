using Torture.Systematic;
using Xunit;

namespace Torture.Tests.Systematic;

public class SmokeTests
{
    private static TestProgram Atomics(int threads, int ops) => new($"atomics-{threads}x{ops}", p =>
    {
        var x = new AtomicLong("x");
        for (int t = 0; t < threads; t++)
            p.Thread($"T{t}", () => { for (int i = 0; i < ops; i++) x.Add(1); });
    });

    [Theory]
    [InlineData(2, 6)]
    [InlineData(3, 90)]
    public void DfsCounts(int threads, long expected)
    {
        var r = Explorer.Explore(Atomics(threads, 2), new ExplorationOptions { Strategy = "dfs", Iterations = 10_000 });
        Assert.False(r.BugFound, r.Found?.Bug.ToString());
        Assert.True(r.Exhausted);
        Assert.Equal(expected, r.Iterations);
    }

    [Fact]
    public void LostUpdateFound()
    {
        var prog = new TestProgram("lost-update", p =>
        {
            var x = new AtomicLong("counter");
            for (int t = 0; t < 2; t++)
                p.Thread($"T{t}", () => { var v = x.Load(); x.Store(v + 1); });
            p.AtEnd(() => Sched.Assert(x.Load() == 2, $"counter is {x.Load()}, expected 2", "no-lost-update"));
        });
        var r = Explorer.Explore(prog, new ExplorationOptions { Strategy = "random", Iterations = 1000 });
        Assert.True(r.BugFound);
        Assert.True(r.Found!.Reproduced);
        Assert.Equal("no-lost-update", r.Found.Bug.Check);
        var text = r.Found.Schedule.ToText();
        var again = Explorer.Replay(prog, Schedule.Parse(text));
        Assert.Equal(r.Found.TraceText, again.TraceText);
    }
}
