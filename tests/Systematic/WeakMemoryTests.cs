using Torture.Systematic;
using Xunit;

namespace Torture.Tests.Systematic;

/// <summary>The store-buffer model: the classic litmus tests, each with its weak outcome found only when weak memory is on and the barrier that forbids it.</summary>
public class WeakMemoryTests
{
    private static ExplorationOptions Dfs(bool weak) => Run.Options("dfs", 100_000) with { WeakMemory = weak };

    /// <summary>MP: data then flag, read flag then data. <paramref name="release"/>: the flag is published with smp_store_release().</summary>
    private static TestProgram MessagePassing(bool release) => new("mp", p =>
    {
        var data = new WeakLong("data");
        var flag = new WeakLong("flag");
        p.Thread("writer", () =>
        {
            Sched.Yield("start");   // a thread's first operation shares the step of its start
            data.Value = 1;
            if (release) flag.StoreRelease(1);
            else flag.Value = 1;
            Sched.Yield("after the stores");
        });
        p.Thread("reader", () =>
        {
            if (flag.ReadOnce() == 1) Sched.Assert(data.ReadOnce() == 1, "saw the flag but not the data", check: "mp");
        });
    });

    /// <summary>SB: each thread stores its variable, then reads the other's; <paramref name="mb"/> puts smp_mb() between.</summary>
    private static TestProgram StoreBuffering(bool mb) => new("sb", p =>
    {
        var x = new WeakLong("x");
        var y = new WeakLong("y");
        long r0 = -1, r1 = -1;
        // Store mine, then read the other's: each thread ends one step after its read (stores drain at a thread's end).
        void Thread(string name, WeakLong mine, WeakLong other, Action<long> read) => p.Thread(name, () =>
        {
            Sched.Yield("start");
            mine.Value = 1;
            if (mb) Sched.Mb();
            Sched.Yield("between");
            read(other.ReadOnce());
            Sched.Yield("after the read");
        });
        Thread("t0", x, y, v => r0 = v);
        Thread("t1", y, x, v => r1 = v);
        p.AtEnd(() => Sched.Assert(r0 == 1 || r1 == 1, $"both read 0 (r0 = {r0}, r1 = {r1})", check: "sb"));
    });

    [Fact]
    public void MessagePassingReordersOnlyUnderWeakMemory()
    {
        var found = Explorer.Explore(MessagePassing(release: false), Dfs(weak: true));
        Assert.Equal("mp", found.Found?.Bug.Check);
        Assert.True(found.Found!.Reproduced);
        Assert.True(Explorer.Explore(MessagePassing(release: false), Dfs(weak: false)).Exhausted, "sequentially consistent MP must be clean");
        var released = Explorer.Explore(MessagePassing(release: true), Dfs(weak: true));
        Assert.False(released.BugFound, released.Found?.Bug.ToString());
        Assert.True(released.Exhausted);
    }

    [Fact]
    public void StoreBufferingNeedsAFullBarrier()
    {
        var found = Explorer.Explore(StoreBuffering(mb: false), Dfs(weak: true));
        Assert.Equal("sb", found.Found?.Bug.Check);
        var sc = Explorer.Explore(StoreBuffering(mb: false), Dfs(weak: false));
        Assert.False(sc.BugFound, sc.Found?.Bug.ToString());
        Assert.True(sc.Exhausted);
        var fenced = Explorer.Explore(StoreBuffering(mb: true), Dfs(weak: true));
        Assert.False(fenced.BugFound, fenced.Found?.Bug.ToString());
        Assert.True(fenced.Exhausted);
    }

    [Fact]
    public void AWeakScheduleReplaysByteForByte()
    {
        var found = Explorer.Explore(StoreBuffering(mb: false), Run.Options("random", 10_000, seed: 3) with { WeakMemory = true }).Found!;
        var text = found.Schedule.ToText();
        Assert.Contains("\nmemory: weak\n", text);
        var parsed = Schedule.Parse(text);
        Assert.True(parsed.WeakMemory);
        Assert.Equal(text, parsed.ToText());
        var first = Explorer.Replay(StoreBuffering(mb: false), parsed);
        var second = Explorer.Replay(StoreBuffering(mb: false), Schedule.Parse(text));
        Assert.Equal("sb", first.Bug?.Check);
        Assert.Equal(first.TraceText, second.TraceText);
        Assert.Contains("still buffered", first.TraceText);
        // The same decisions read sequentially consistent have data choices no iteration made: refused, not run differently.
        Assert.ThrowsAny<TortureInputException>(() => Explorer.Replay(StoreBuffering(mb: false), Schedule.Parse(text.Replace("memory: weak\n", ""))));
    }
}
