using Torture.Systematic;
using Xunit;

namespace Torture.Tests.Systematic;

/// <summary>Threads spawned by running threads are scheduled like the others, and Join waits for them.</summary>
public class SpawnJoinTests
{
    private static TestProgram ParentChild(bool join, bool nested = false) => new($"spawn-{join}-{nested}", p =>
    {
        var childDone = new AtomicLong("child-done");
        var other = new AtomicLong("other");
        p.Thread("parent", () =>
        {
            var child = Sched.Spawn("child", () =>
            {
                if (nested) Sched.Spawn("grandchild", () => other.Add(1)).Join();
                childDone.Store(1);
            });
            other.Add(1);
            if (join) child.Join();
            Sched.Assert(childDone.Load() == 1, "the parent went on before its child finished", "join");
        });
        p.Thread("bystander", () => { other.Add(1); other.Add(1); });
    });

    [Fact]
    public void JoinWaitsForTheChild()
    {
        var r = Run.Exhaust(ParentChild(join: true));
        Assert.True(r.Iterations > 10);
    }

    [Fact]
    public void JoinWaitsForNestedChildren()
    {
        Run.Exhaust(ParentChild(join: true, nested: true));
    }

    [Fact]
    public void WithoutJoinTheParentRacesItsChild()
    {
        Assert.Equal("join", Run.Find(ParentChild(join: false), "dfs").Bug.Check);
    }

    [Fact]
    public void SpawnedThreadsAppearInTheTrace()
    {
        var complete = ParentChild(join: true, nested: true);
        var found = Run.Find(new TestProgram("spawn-trace", p =>
        {
            complete.Build(p);
            p.AtEnd(() => Sched.Fail("stop", "stop here to get the trace"));
        }), "dfs");
        Assert.Contains(found.Trace, e => e.Thread == "parent" && e.Op == OpKind.Spawn && e.Object == "child");
        Assert.Contains(found.Trace, e => e.Thread == "child" && e.Op == OpKind.Spawn && e.Object == "grandchild");
        Assert.Contains(found.Trace, e => e.Thread == "grandchild" && e.Op == OpKind.Exit);
        Assert.Contains(found.Trace, e => e.Thread == "parent" && e.Op == OpKind.Join && e.Object == "child");
    }
}
