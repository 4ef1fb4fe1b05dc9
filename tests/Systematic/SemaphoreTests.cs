using Torture.Systematic;
using Xunit;

namespace Torture.Tests.Systematic;

/// <summary>Counting semaphores: a completion orders two threads; a count bounds how many are inside.</summary>
public class SemaphoreTests
{
    private static TestProgram Completion(bool completeFirst) => new($"completion-{completeFirst}", p =>
    {
        var data = new AtomicLong("data");
        var done = new Semaphore("done", 0);
        p.Thread("producer", () =>
        {
            if (completeFirst) done.Up();
            data.Store(42);
            if (!completeFirst) done.Up();
        });
        p.Thread("consumer", () =>
        {
            done.Down();
            Sched.Assert(data.Load() == 42, $"data is {data.Load()} after the completion", "completion");
        });
    });

    [Fact]
    public void CompletionPublishesTheData()
    {
        Run.Exhaust(Completion(completeFirst: false));
    }

    [Fact]
    public void CompletingTooEarlyIsFound()
    {
        Assert.Equal("completion", Run.Find(Completion(completeFirst: true), "dfs").Bug.Check);
    }

    [Fact]
    public void DownWithoutUpIsADeadlock()
    {
        var program = new TestProgram("never-completed", p =>
        {
            var done = new Semaphore("never_done", 0);
            p.Thread("waiter", done.Down);
        });
        var bug = Run.Find(program, "dfs").Bug;
        Assert.Equal(BugKind.Deadlock, bug.Kind);
        Assert.Contains("waiter at SemDown never_done holding nothing", bug.Message);
    }

    [Fact]
    public void CountBoundsTheThreadsInside()
    {
        int most = 0;
        var program = new TestProgram("two-slots", p =>
        {
            var slots = new Semaphore("slots", 2);
            int inside = 0;
            for (int t = 0; t < 3; t++)
            {
                p.Thread($"T{t}", () =>
                {
                    slots.Down();
                    most = Math.Max(most, ++inside);
                    Sched.Assert(inside <= 2, $"{inside} threads inside", "slots");
                    Sched.Yield();
                    inside--;
                    slots.Up();
                });
            }
        });
        Run.Exhaust(program);
        Assert.Equal(2, most);
    }
}
