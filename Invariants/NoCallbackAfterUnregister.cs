namespace Torture.Invariants;

/// <summary>
/// I7: when mmu_notifier_unregister() returns (or free_notifier runs) none of the notifier's ops is
/// running, and none starts afterwards: the caller is free to free the listener.
/// </summary>
public sealed class NoCallbackAfterUnregister : IInvariant
{
    public string Name => "I7 NoCallbackAfterUnregister";

    public string Description =>
        "No op of a notifier is running when unregister returns or when it is freed, and none starts after either.";

    public void Attach(Kernel kernel, ProgramBuilder program) => kernel.Observe(new Watch(Name));

    private sealed class Watch(string name) : IKernelObserver
    {
        private readonly List<(MmuNotifier Sub, MmuNotifierOp Op, string Thread)> running = new();
        private readonly List<(MmuNotifier Sub, string What)> gone = new();

        public void CallbackBegin(MmuNotifier sub, MmuNotifierOp op, MmuNotifierRange? range)
        {
            foreach (var g in gone)
            {
                if (ReferenceEquals(g.Sub, sub))
                    Sched.Fail(name, $"{Sched.ThreadName} calls {sub}.{op}{(range is null ? "" : $"({range})")} after {g.What}");
            }
            running.Add((sub, op, Sched.ThreadName));
        }

        public void CallbackEnd(MmuNotifier sub, MmuNotifierOp op, MmuNotifierRange? range, int result)
        {
            int at = running.FindIndex(r => ReferenceEquals(r.Sub, sub) && r.Op == op && r.Thread == Sched.ThreadName);
            if (at >= 0) running.RemoveAt(at);
        }

        public void NotifierUnregistered(MmuNotifier sub) => Gone(sub, $"mmu_notifier_unregister({sub}) returned in {Sched.ThreadName}");

        public void NotifierFreed(MmuNotifier sub) => Gone(sub, $"{sub} was freed by {Sched.ThreadName}");

        private void Gone(MmuNotifier sub, string what)
        {
            foreach (var r in running)
            {
                if (ReferenceEquals(r.Sub, sub)) Sched.Fail(name, $"{what} while {sub}.{r.Op} is still running in {r.Thread}");
            }
            gone.Add((sub, what));
        }
    }
}
