using Torture.Invariants;
using Torture.Model;
using Torture.Scenarios;
using Torture.Systematic;
using Xunit;
using Xunit.Abstractions;

namespace Torture.Tests.Model;

/// <summary>mmu_interval_notifier (§2.9) and the HMM mirror on it: sequence states, deferral, the read side, release.</summary>
public class IntervalNotifierTests(ITestOutputHelper output)
{
    /// <summary>An interval notifier that records its invalidations and can be told to refuse non-blockable ones.</summary>
    private sealed class Recorder(bool refuseNonblock = false) : MmuIntervalNotifierOps
    {
        public readonly List<(MmuNotifierRange Range, long Seq)> Calls = new();
        public override string Name => "recorder";
        public override bool Invalidate(MmuIntervalNotifier sub, MmuNotifierRange range, long curSeq)
        {
            Calls.Add((range, curSeq));
            if (refuseNonblock && !range.Blockable) return false;
            sub.SetSeq(curSeq);
            return true;
        }
    }

    [Fact]
    public void AnInsertWithNoInvalidationRunningStartsOddAndBelowTheIdleSeq()
    {
        Solo.Run(k =>
        {
            var mm = Setups.AnonProcess(k, "mm", 2);
            var sub = new MmuIntervalNotifier("sub", new Recorder());
            Assert.Equal(0, MmuIntervalNotifierInsert.Insert(sub, mm, 1, 1, SignalPending.Never()));
            var subs = mm.NotifierSubscriptions!;
            Assert.True(subs.HasItree);
            Assert.Equal(2, subs.InvalidateSeq);
            Assert.Equal(1, sub.InvalidateSeq);
            Assert.True(sub.InTree && !sub.Deferred);
            Assert.Equal(1, sub.ReadBegin());   // not invalidating: no wait
        });
    }

    [Fact]
    public void OnlyAnOverlappingInvalidationCallsTheNotifierAndMakesReadRetryTrue()
    {
        Solo.Run(k =>
        {
            var mm = Setups.AnonProcess(k, "mm", 2);
            var rec = new Recorder();
            var sub = new MmuIntervalNotifier("sub", rec);
            MmuIntervalNotifierInsert.Insert(sub, mm, 1, 1, SignalPending.Never());
            long seq = sub.ReadBegin();
            MadviseDontneed.Run(mm, 0, 1);   // [0,1) does not overlap [1,1]
            Assert.Empty(rec.Calls);
            Assert.False(sub.ReadRetry(seq));
            Assert.Equal(2, mm.NotifierSubscriptions!.InvalidateSeq);   // no overlap: seq never went odd
            MadviseDontneed.Run(mm, 0, 2);
            var (range, cur) = Assert.Single(rec.Calls);
            Assert.Equal((MmuNotifierEvent.Clear, 3L), (range.Event, cur));
            Assert.True(sub.ReadRetry(seq));
            Assert.Equal(4, mm.NotifierSubscriptions!.InvalidateSeq);   // odd while it ran, even again after end
        });
    }

    [Fact]
    public void ExitTellsEveryIntervalReleaseOverTheWholeAddressSpace()
    {
        Solo.Run(k =>
        {
            var mm = Setups.AnonProcess(k, "mm", 2);
            var rec = new Recorder();
            var sub = new MmuIntervalNotifier("sub", rec);
            MmuIntervalNotifierInsert.Insert(sub, mm, 0, 2, SignalPending.Never());
            MmLifetime.Mmgrab(mm);   // the test keeps the mm_struct to look at it
            MmLifetime.Mmput(mm);
            var first = rec.Calls[0].Range;
            Assert.Equal(MmuNotifierEvent.Release, first.Event);
            Assert.Null(first.Vma);
            Assert.True(first.Blockable);
            Assert.Equal((0, int.MaxValue), (first.Start, first.End));
            // unmap_vmas() after the release still reaches the interval notifier (UNMAP).
            Assert.Contains(rec.Calls, c => c.Range.Event == MmuNotifierEvent.Unmap);
            MmuIntervalNotifierRemove.Remove(sub);
        });
    }

    [Fact]
    public void ARefusingIntervalEndsTheNonblockableStartBeforeAnyListListenerHearsOfIt()
    {
        Solo.Run(k =>
        {
            var mm = Setups.AnonProcess(k, "mm", 2);
            var kvm = Setups.Vm(mm, "kvm", 0, 1);
            var sub = new MmuIntervalNotifier("sub", new Recorder(refuseNonblock: true));
            MmuIntervalNotifierInsert.Insert(sub, mm, 0, 2, SignalPending.Never());
            Assert.False(OomReap.Run(mm));
            Assert.NotNull(kvm.Sptes[0]);   // KVM got no start: its SPTEs stand, its count is 0
            Assert.Equal(0, kvm.MmuInvalidateInProgress);
            var subs = mm.NotifierSubscriptions!;
            Assert.Equal(0, subs.ActiveInvalidateRanges);
            Assert.Equal(0, subs.InvalidateSeq & 1);
        });
    }

    [Fact]
    public void TheMirrorMapsWhatItFaultedAndLosesItToTheZap()
    {
        Solo.Run(k =>
        {
            var mm = Setups.AnonProcess(k, "mm", 1);
            var hmm = Setups.Mirror(mm, "hmm");
            Assert.Equal(0, HmmDeviceFault.Run(hmm, 0, 1, write: true));
            Assert.Equal(mm.PageTable[0].Page, hmm.Entry(0)!.Page);
            Assert.True(hmm.Entry(0)!.Writable);
            Assert.True(HmmDeviceAccess.Run(hmm, 0, write: true));
            MadviseDontneed.Run(mm, 0, 1);
            Assert.Null(hmm.Entry(0));
            // The next access faults a new page in through the CPU's fault handler.
            Assert.True(HmmDeviceAccess.Run(hmm, 0, write: false));
            Assert.Equal(mm.PageTable[0].Page, hmm.Entry(0)!.Page);
        });
    }

    /// <summary>Counts the read_retry answers that found a collision: the proof below is not vacuous.</summary>
    private sealed class Collisions : IInvariant
    {
        public int Seen;
        public string Name => "collisions";
        public string Description => "";
        public void Attach(Kernel kernel, ProgramBuilder program) => kernel.Observe(new Watch(this));

        private sealed class Watch(Collisions owner) : IKernelObserver
        {
            public void IntervalReadRetried(MmuIntervalNotifier sub, long seq, bool retry)
            {
                if (retry) owner.Seen++;
            }
        }
    }

    [Fact]
    public void ReadRetryIsTrueWheneverAnInvalidationRanSinceReadBeginOverDfsBoundTwo()
    {
        var counter = new Collisions();
        var program = ((Scenario)ScenarioCatalog.Find("hmm-vs-zap")!).Program(Array.Empty<Mutant>(), InvariantCatalog.All.Append(counter).ToList());
        var r = Explorer.Explore(program, new ExplorationOptions { Strategy = "dfs", PreemptionBound = 2, Iterations = 100_000, Seed = 1 });
        output.WriteLine($"{r.Iterations} schedules, exhausted={r.Exhausted}, {counter.Seen} read_retry answers found a collision");
        Assert.True(r.Found is null, r.Found?.Bug + "\n" + r.Found?.TraceText);
        Assert.True(r.Exhausted);
        Assert.True(counter.Seen > 0);
    }

    [Fact]
    public void SeqProtocolCatchesAnInvalidateThatForgetsTheSeq()
    {
        var bug = Solo.RunForBug(k =>
        {
            var mm = Setups.AnonProcess(k, "mm", 1);
            var hmm = Setups.Mirror(mm, "hmm");
            long seq = hmm.Notifier.ReadBegin();
            MadviseDontneed.Run(mm, 0, 1);
            hmm.Mutex.Lock();
            hmm.Notifier.ReadRetry(seq);
            hmm.Mutex.Unlock();
        }, faults: new[] { Mutant.HmmSkipSetSeq });
        Assert.Equal("I11 SeqProtocol", bug?.Check);
    }
}
