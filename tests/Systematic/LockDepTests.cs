using Torture.Systematic;
using Xunit;

namespace Torture.Tests.Systematic;

/// <summary>Lockdep reports lock-order inversions that did not deadlock, and same-class nesting unless annotated.</summary>
public class LockDepTests
{
    [Fact]
    public void InversionIsReportedFromARunThatCannotDeadlock()
    {
        var program = Programs.AbBa(serialized: true);
        Run.Exhaust(program, lockOrder: false);   // no schedule of it deadlocks
        var bug = Run.Find(program, "dfs").Bug;
        Assert.Equal(BugKind.LockOrderInversion, bug.Kind);
        Assert.Equal("lockdep", bug.Check);
        Assert.Equal(Programs.Right, bug.Thread);
        Assert.Contains($"{Programs.Right} acquires {Programs.LockA} while holding {Programs.LockB}", bug.Message);
        Assert.Contains($"{Programs.LockA} -> {Programs.LockB} ({Programs.Left} held [{Programs.LockA}]", bug.Message);
    }

    [Fact]
    public void InversionIsReportedFromASerialScheduleOfTheDeadlockingProgram()
    {
        // Bound 0: the first schedule runs "left" to completion before "right" starts.
        var found = Run.Find(Programs.AbBa(), "dfs", preemptionBound: 0);
        Assert.Equal(BugKind.LockOrderInversion, found.Bug.Kind);
        int leftExit = found.Trace.ToList().FindIndex(e => e.Thread == Programs.Left && e.Op == OpKind.Exit);
        int rightFirst = found.Trace.ToList().FindIndex(e => e.Thread == Programs.Right);
        Assert.True(leftExit >= 0 && leftExit < rightFirst, found.TraceText);
    }

    [Fact]
    public void InversionAcrossIterationsReplaysFromTheRecordedEdges()
    {
        // Each iteration takes one order only; the inversion shows up across iterations.
        var program = new TestProgram("order-by-choice", p =>
        {
            var a = new Mutex(Programs.LockA);
            var b = new Mutex(Programs.LockB);
            p.Thread("T0", () =>
            {
                var (first, second) = Sched.ChooseBool() ? (b, a) : (a, b);
                first.Lock();
                second.Lock();
                second.Unlock();
                first.Unlock();
            });
        });
        var found = Run.Find(program, "dfs");
        Assert.Equal(BugKind.LockOrderInversion, found.Bug.Kind);
        Assert.Equal(1, found.Schedule.Iteration);
        Assert.Equal(new[] { (Programs.LockA, Programs.LockB) }, found.Schedule.LockEdges.Select(e => (e.From, e.To)));
        var again = Explorer.Replay(program, Schedule.Parse(found.Schedule.ToText()));
        Assert.Equal(found.Bug.Message, again.Bug?.Message);
        Assert.Equal(found.Bug.Step, again.Bug?.Step);
    }

    private static TestProgram Nesting(bool annotated) => new($"nesting-{annotated}", p =>
    {
        var mm = new Mutex("mm_lock");
        var first = new RwSemaphore("anon_vma", "1");
        var second = new RwSemaphore("anon_vma", "2");
        p.Thread("T0", () =>
        {
            mm.Lock();
            if (annotated) { first.DownWriteNestLock(mm); second.DownWriteNestLock(mm); }
            else { first.DownWrite(); second.DownWrite(); }
            second.UpWrite();
            first.UpWrite();
            mm.Unlock();
        });
        p.Thread("T1", () => { mm.Lock(); mm.Unlock(); });
    });

    [Fact]
    public void SameClassNestingUnderANestLockIsAllowed()
    {
        Run.Exhaust(Nesting(annotated: true));
    }

    [Fact]
    public void SameClassNestingWithoutTheAnnotationIsReported()
    {
        var bug = Run.Find(Nesting(annotated: false), "dfs").Bug;
        Assert.Equal(BugKind.LockOrderInversion, bug.Kind);
        Assert.Contains("possible recursive locking: T0 acquires anon_vma while already holding anon_vma[1]", bug.Message);
    }

    [Fact]
    public void NestLockThatIsNotHeldIsAnError()
    {
        var program = new TestProgram("nest-not-held", p =>
        {
            var mm = new Mutex("mm_lock");
            var sem = new RwSemaphore("anon_vma");
            p.Thread("T0", () => { sem.DownWriteNestLock(mm); sem.UpWrite(); });
        });
        var bug = Run.Find(program, "dfs").Bug;
        Assert.Equal(BugKind.AssertionFailure, bug.Kind);
        Assert.Equal("lockdep", bug.Check);
    }

    [Fact]
    public void ConsistentOrderIsNotReported()
    {
        var program = new TestProgram("same-order", p =>
        {
            var a = new Mutex(Programs.LockA);
            var b = new Mutex(Programs.LockB);
            for (int t = 0; t < 2; t++)
                p.Thread($"T{t}", () => { a.Lock(); b.Lock(); b.Unlock(); a.Unlock(); });
        });
        Run.Exhaust(program);
    }

    /// <summary>Two mm locks of one class, the second taken nested (dup_mmap's mmap_write_lock_nested), in either order per thread.</summary>
    private static TestProgram Subclasses(bool oppositeOrderInT1) => new($"subclasses-{oppositeOrderInT1}", p =>
    {
        var parent = new RwSemaphore("mmap_lock", "parent");
        var child = new RwSemaphore("mmap_lock", "child");
        p.Thread("T0", () => { parent.DownWrite(); child.DownWriteNested(1); child.UpWrite(); parent.UpWrite(); });
        p.Thread("T1", () =>
        {
            if (oppositeOrderInT1) { child.DownWriteNested(1); parent.DownWrite(); parent.UpWrite(); child.UpWrite(); }
            else { parent.DownWrite(); parent.UpWrite(); }
        });
    });

    [Fact]
    public void SameClassNestedUnderASubclassIsAllowed()
    {
        Run.Exhaust(Subclasses(oppositeOrderInT1: false));
    }

    [Fact]
    public void SubclassesAreOrderedLikeClasses()
    {
        var bug = Run.Find(Subclasses(oppositeOrderInT1: true), "dfs").Bug;
        Assert.Equal(BugKind.LockOrderInversion, bug.Kind);
        Assert.Contains("mmap_lock/1", bug.Message);
    }
    private static TestProgram MapAndLock(bool withMap) => new($"map-{withMap}", p =>
    {
        var map = new LockdepMap("start_map");
        var listener = new Mutex("listener_lock");
        p.Thread("invalidate", () =>
        {
            if (withMap) map.Acquire();
            listener.Lock();
            listener.Unlock();
            if (withMap) map.Release();
        });
        p.Thread("driver", () =>
        {
            listener.Lock();
            if (withMap) map.Touch();
            listener.Unlock();
        });
    });

    [Fact]
    public void ALockdepMapOrdersLikeALockButNeverBlocksOrAddsASchedulingPoint()
    {
        var bug = Run.Find(MapAndLock(withMap: true), "dfs").Bug;
        Assert.Equal(BugKind.LockOrderInversion, bug.Kind);
        Assert.Contains("start_map", bug.Message);
        // With lockdep off the map changes nothing: the same schedules, none of them stuck.
        var with = Run.Exhaust(MapAndLock(withMap: true), lockOrder: false);
        var without = Run.Exhaust(MapAndLock(withMap: false), lockOrder: false);
        Assert.Equal(without.Iterations, with.Iterations);
        Assert.Equal(without.TotalSteps, with.TotalSteps);
    }
}
