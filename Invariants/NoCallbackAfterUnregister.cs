namespace Torture.Invariants;

/// <summary>
/// I7: when mmu_notifier_unregister() or mmu_interval_notifier_remove() returns (or the notifier is
/// freed) none of its ops is running, and none starts afterwards: the caller is free to free the
/// listener. A freed interval notifier is not touched by the tree either.
/// </summary>
public sealed class NoCallbackAfterUnregister : IInvariant
{
    public string Name => "I7 NoCallbackAfterUnregister";

    public string Description =>
        "No op of a notifier (or interval notifier) is running when unregister/remove returns or when it is freed, none starts after either, and the interval tree never touches a freed one.";

    public void Attach(Kernel kernel, ProgramBuilder program) => kernel.Observe(new Watch(Name));

    private sealed class Watch(string name) : IKernelObserver
    {
        private readonly List<(object Sub, string Op, string Thread)> running = new();
        private readonly List<(object Sub, string What, bool Freed)> gone = new();

        public void CallbackBegin(MmuNotifier sub, MmuNotifierOp op, MmuNotifierRange? range) => Begin(sub, $"{sub}.{op}{(range is null ? "" : $"({range})")}", op.ToString());

        public void CallbackEnd(MmuNotifier sub, MmuNotifierOp op, MmuNotifierRange? range, int result) => End(sub, op.ToString());

        public void IntervalInvalidateBegin(MmuIntervalNotifier sub, MmuNotifierRange range) => Begin(sub, $"{sub}.invalidate({range})", "invalidate");

        public void IntervalInvalidateEnd(MmuIntervalNotifier sub, MmuNotifierRange range, bool ok) => End(sub, "invalidate");

        public void NotifierUnregistered(MmuNotifier sub) => Gone(sub, $"mmu_notifier_unregister({sub}) returned in {Sched.ThreadName}", freed: false);

        public void NotifierFreed(MmuNotifier sub) => Gone(sub, $"{sub} was freed by {Sched.ThreadName}", freed: true);

        public void IntervalNotifierRemoved(MmuIntervalNotifier sub) => Gone(sub, $"mmu_interval_notifier_remove({sub}) returned in {Sched.ThreadName}", freed: false);

        public void IntervalNotifierFreed(MmuIntervalNotifier sub) => Gone(sub, $"{sub} was freed by {Sched.ThreadName}", freed: true);

        public void ItreeUpdating(MmuIntervalNotifier sub)
        {
            foreach (var g in gone)
            {
                if (ReferenceEquals(g.Sub, sub) && g.Freed)
                    Sched.Fail(name, $"{Sched.ThreadName}'s mn_itree_inv_end() applies a deferred tree update to {sub} after {g.What}: use-after-free");
            }
        }

        private void Begin(object sub, string call, string op)
        {
            foreach (var g in gone)
            {
                if (ReferenceEquals(g.Sub, sub)) Sched.Fail(name, $"{Sched.ThreadName} calls {call} after {g.What}");
            }
            running.Add((sub, op, Sched.ThreadName));
        }

        private void End(object sub, string op)
        {
            int at = running.FindIndex(r => ReferenceEquals(r.Sub, sub) && r.Op == op && r.Thread == Sched.ThreadName);
            if (at >= 0) running.RemoveAt(at);
        }

        private void Gone(object sub, string what, bool freed)
        {
            foreach (var r in running)
            {
                if (ReferenceEquals(r.Sub, sub)) Sched.Fail(name, $"{what} while {sub}.{r.Op} is still running in {r.Thread}");
            }
            gone.Add((sub, what, freed));
        }
    }
}
