using Torture.Reports;
using Torture.Systematic;
using Xunit;

namespace Torture.Tests.Cli;

/// <summary>The trace's column view: one column per thread, each event in its own thread's column, the failing thread marked.</summary>
public class TraceColumnsTests
{
    [Fact]
    public void EachEventStandsInItsThreadsColumn()
    {
        var program = new TestProgram("columns", p =>
        {
            var x = new AtomicLong("x");
            x.Store(0);   // set-up
            p.Thread("left", () => x.Store(x.Load() + 1));
            p.Thread("right", () => x.Store(x.Load() + 1));
            p.AtEnd(() => Sched.Assert(x.Load() == 2, "lost update", "no-lost-update"));
        });
        var f = Explorer.Explore(program, new ExplorationOptions { Strategy = "random", Iterations = 1000, Seed = 1 }).Found!;
        var text = TraceColumns.Render(f.Trace, f.Bug);
        var lines = text.Split('\n');
        Assert.StartsWith("interleaving by thread", lines[0]);
        Assert.Matches(@"^\s+#\s+left\s+\| right$", lines[1]);
        Assert.Contains("(set-up: ", text);
        Assert.Contains("end check: ", text);
        int bar = lines[1].IndexOf('|');
        foreach (var e in f.Trace.Where(e => e.Thread is "left" or "right"))
        {
            var row = lines.Single(l => l.TrimStart().StartsWith($"{f.Trace.ToList().IndexOf(e) + 1} ", StringComparison.Ordinal));
            bool inLeft = row.Length > 8 && row[8..Math.Min(row.Length, bar)].Trim().Length > 0;
            Assert.Equal(e.Thread == "left", inLeft);
        }
        // The whole trace file carries both views.
        Assert.Contains(text, TraceWriter.Render(f.Bug, f.Schedule, f.Trace));
    }
}
