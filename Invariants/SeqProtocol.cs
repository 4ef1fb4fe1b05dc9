namespace Torture.Invariants;

/// <summary>
/// I11: the interval notifiers' collision-retry protocol. mmu_interval_read_retry() answers true
/// whenever an invalidate() of that notifier finished between the caller's read_begin and it (unless
/// the notifier skips the range as its own EXCLUSIVE; its own MIGRATE changes the PTE under a fault
/// that read it, so the seq must move), and read_begin hands out only odd
/// sequences (an even one could equal the idle subscriptions' seq and never wait).
/// </summary>
public sealed class SeqProtocol : IInvariant
{
    public string Name => "I11 SeqProtocol";

    public string Description =>
        "An interval notifier's read_retry is true if its invalidate() ran since the caller's read_begin; read_begin returns only odd sequences.";

    public void Attach(Kernel kernel, ProgramBuilder program) => kernel.Observe(new Watch(Name));

    private sealed class Watch(string name) : IKernelObserver
    {
        private readonly List<Read> reads = new();

        private sealed class Read(MmuIntervalNotifier sub, string thread, long seq)
        {
            public MmuIntervalNotifier Sub { get; } = sub;
            public string Thread { get; } = thread;
            public long Seq { get; } = seq;
            public string? InvalidatedBy { get; set; }
        }

        public void IntervalReadBegun(MmuIntervalNotifier sub, long seq)
        {
            if ((seq & 1) == 0) Sched.Fail(name, $"mmu_interval_read_begin({sub}) returned the even seq {seq} to {Sched.ThreadName}");
            reads.RemoveAll(r => ReferenceEquals(r.Sub, sub) && r.Thread == Sched.ThreadName);
            reads.Add(new Read(sub, Sched.ThreadName, seq));
        }

        public void IntervalInvalidateEnd(MmuIntervalNotifier sub, MmuNotifierRange range, bool ok)
        {
            if (!ok || range.Event == MmuNotifierEvent.Exclusive && OwnInvalidation.Of(range, sub.Ops)) return;
            foreach (var r in reads)
            {
                if (ReferenceEquals(r.Sub, sub)) r.InvalidatedBy ??= $"{Sched.ThreadName}'s invalidate({range})";
            }
        }

        public void IntervalReadRetried(MmuIntervalNotifier sub, long seq, bool retry)
        {
            int at = reads.FindIndex(r => ReferenceEquals(r.Sub, sub) && r.Thread == Sched.ThreadName && r.Seq == seq);
            if (at < 0) return;
            var read = reads[at];
            reads.RemoveAt(at);
            if (!retry && read.InvalidatedBy is { } by)
                Sched.Fail(name, $"{Sched.ThreadName}'s mmu_interval_read_retry({sub}, {seq}) answered false although {by} ran since its read_begin (the notifier's seq is {sub.InvalidateSeq})");
        }
    }
}
