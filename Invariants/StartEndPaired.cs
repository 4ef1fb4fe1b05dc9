namespace Torture.Invariants;

/// <summary>
/// I6: every invalidate_range_end a listener receives matches a start it received and that
/// succeeded; at quiescence every registered listener has ended all its starts and its own
/// invalidation count (KVM's mmu_invalidate_in_progress) is back to 0, never having gone negative;
/// and an mm's interval tree is idle (even invalidate_seq, no active range).
/// </summary>
public sealed class StartEndPaired : IInvariant
{
    public string Name => "I6 StartEndPaired";

    public string Description =>
        "Per notifier: ends <= successful starts at all times and no end without a delivered start; at quiescence, for registered listeners, ends = starts and the listener's in-progress count is 0 (and never negative), and every interval tree is idle (even seq, no active range).";

    public void Attach(Kernel kernel, ProgramBuilder program)
    {
        var watch = new Watch(kernel, Name);
        kernel.Observe(watch);
        program.AtEachStep(watch.Step);
        program.AtEnd(watch.Quiescent);
    }

    private sealed class Pairs(MmuNotifier sub)
    {
        public readonly MmuNotifier Sub = sub;
        public int Started, Ended;
        public string LastStart = "";
    }

    private sealed class Watch(Kernel k, string name) : IKernelObserver
    {
        private readonly PerNotifier<Pairs> subs = new(sub => new Pairs(sub));

        public void CallbackEnd(MmuNotifier sub, MmuNotifierOp op, MmuNotifierRange? range, int result)
        {
            // A listener without end (one whose start may fail) is owed no end.
            if (op != MmuNotifierOp.InvalidateRangeStart || result != 0 || sub.Ops?.Has(MmuNotifierOp.InvalidateRangeEnd) != true) return;
            var p = subs.For(sub);
            p.Started++;
            p.LastStart = $"{range} by {Sched.ThreadName}";
        }

        public void CallbackBegin(MmuNotifier sub, MmuNotifierOp op, MmuNotifierRange? range)
        {
            if (op != MmuNotifierOp.InvalidateRangeEnd) return;
            var p = subs.For(sub);
            if (p.Ended >= p.Started)
                Sched.Fail(name, $"{Sched.ThreadName} delivers invalidate_range_end({range}) to {sub}, which received no matching start ({p.Started} start(s), {p.Ended} end(s))");
            p.Ended++;
        }

        public void Step()
        {
            foreach (var mmu in k.Secondaries)
            {
                if (mmu.ActiveInvalidations < 0)
                    Sched.Fail(name, $"{mmu.Name} counts {mmu.ActiveInvalidations} invalidations in progress: an end arrived without its start");
            }
        }

        public void Quiescent()
        {
            foreach (var p in subs.All)
            {
                // Unregistering mid-window is legal: the listener may miss the end of a start it got.
                if (p.Sub.Hashed && p.Started != p.Ended)
                    Sched.Fail(name, $"at quiescence {p.Sub} got {p.Started} successful start(s) but {p.Ended} end(s); last start {p.LastStart}");
            }
            foreach (var mm in k.Mms)
            {
                // The interval side's count: every invalidation reached mn_itree_inv_end(), and the last made seq even.
                if (mm.NotifierSubscriptions is { HasItree: true } s && (s.ActiveInvalidateRanges != 0 || (s.InvalidateSeq & 1) != 0))
                    Sched.Fail(name, $"at quiescence {mm.Name}'s interval tree counts {s.ActiveInvalidateRanges} active invalidation(s) with invalidate_seq {s.InvalidateSeq}: readers would wait forever");
            }
            foreach (var mmu in k.Secondaries)
            {
                if (mmu.Subscription.Subscribed && mmu.ActiveInvalidations != 0)
                    Sched.Fail(name, $"at quiescence {mmu.Name} still counts {mmu.ActiveInvalidations} invalidation(s) in progress: its faults would retry forever");
            }
        }
    }
}
