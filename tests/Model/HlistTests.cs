using Torture.Model;
using Torture.Scenarios;
using Xunit;

namespace Torture.Tests.Model;

/// <summary>The notifier hlist's node state machine and its RCU reader guarantee.</summary>
public class HlistTests
{
    private sealed class NoOps : MmuNotifierOps
    {
        public override string Name => "noops";
        public override MmuNotifierOp Implements => MmuNotifierOp.None;
    }

    private static (MmuNotifierSubscriptions Subs, MmuNotifier A, MmuNotifier B) TwoOnAList(Kernel k)
    {
        var mm = Setups.AnonProcess(k, "mm", 1);
        var a = new MmuNotifier("a", new NoOps());
        var b = new MmuNotifier("b", new NoOps());
        MmuNotifierRegister.Register(a, mm, SignalPending.Never());
        MmuNotifierRegister.Register(b, mm, SignalPending.Never());
        return (mm.NotifierSubscriptions!, a, b);
    }

    [Fact]
    public void AddHeadThenDeleteInitIsIdempotentAndKeepsNextForReaders()
    {
        Solo.Run(k =>
        {
            var (subs, a, b) = TwoOnAList(k);
            Assert.Equal(new[] { b, a }, subs.Notifiers());   // add_head: last registered first
            var reader = subs.List.First!;                     // a reader standing on b
            subs.List.DelInitRcu(b.Node);
            Assert.Equal(HlistNodeState.Unhashed, b.Node.State);
            Assert.Same(a.Node, reader.Next);                  // it walks on to a
            subs.List.DelInitRcu(b.Node);                      // idempotent on an unhashed node
            Assert.Equal(new[] { a }, subs.Notifiers());
            subs.List.DelRcu(a.Node);
            Assert.Equal(HlistNodeState.Poisoned, a.Node.State);
            Assert.False(a.Node.Unhashed);                     // hlist_unhashed() is false on a poisoned node
            Assert.True(subs.List.IsEmpty);
        });
    }

    [Fact]
    public void DelRcuOfAnUnhashedNodeIsAListIntegrityViolation()
    {
        var bug = Solo.RunForBug(k =>
        {
            var (subs, a, _) = TwoOnAList(k);
            subs.List.DelInitRcu(a.Node);
            subs.List.DelRcu(a.Node);
        });
        Assert.Equal("I12 ListIntegrity", bug?.Check);
        Assert.Contains("NULL pointer dereference", bug!.Message);
    }

    [Fact]
    public void WithoutCheckersTheModelStillOopses()
    {
        var bug = Solo.RunForBug(k =>
        {
            var (subs, a, _) = TwoOnAList(k);
            subs.List.DelRcu(a.Node);
            subs.List.DelInitRcu(a.Node);
        }, invariants: false);
        Assert.Equal(KernelBug.BugCheck, bug?.Check);
    }

    [Fact]
    public void FreeingSubscriptionsWithANotifierStillHashedIsAViolation()
    {
        var bug = Solo.RunForBug(k =>
        {
            var (subs, a, b) = TwoOnAList(k);
            var mm = subs.Mm;
            MmLifetime.Mmdrop(mm);   // drop the mm_counts the notifiers took, as if they were put without unhashing
            MmLifetime.Mmdrop(mm);
            MmLifetime.Mmdrop(mm);
        });
        Assert.Equal("I12 ListIntegrity", bug?.Check);
    }
}
