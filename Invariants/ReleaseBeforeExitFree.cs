namespace Torture.Invariants;

/// <summary>
/// I8: before exit_mmap() frees a page of its mm, every notifier that was registered when exit began
/// (and was not put for the last time since) has completed a ->release, and no ->release that began while its notifier was still on the list
/// is still running (the synchronize_srcu guarantee, §2.5); ->release runs at most twice per notifier
/// (exit and unregister racing, §3.4).
/// </summary>
public sealed class ReleaseBeforeExitFree : IInvariant
{
    public string Name => "I8 ReleaseBeforeExitFree";

    public string Description =>
        "When exit_mmap frees a page: each notifier hashed at exit start has >=1 completed ->release and no ->release begun while hashed is still running; at most 2 ->release calls per notifier.";

    public void Attach(Kernel kernel, ProgramBuilder program) => kernel.Observe(new Watch(Name));

    private sealed class Releases(MmuNotifier sub)
    {
        public readonly MmuNotifier Sub = sub;
        public int Calls, Completed;
        public readonly List<(string Thread, bool WhileHashed)> Running = new(2);
    }

    private sealed class Watch(string name) : IKernelObserver
    {
        private readonly PerNotifier<Releases> subs = new(sub => new Releases(sub));
        private readonly List<(MmStruct Mm, List<MmuNotifier> Hashed)> exits = new();

        // Only listeners with a ->release are owed one: __mmu_notifier_release() skips the others.
        public void ExitMmapBegin(MmStruct mm) =>
            exits.Add((mm, mm.NotifierSubscriptions?.Notifiers().Where(s => s.Ops?.Has(MmuNotifierOp.Release) == true).ToList() ?? new List<MmuNotifier>()));

        public void CallbackBegin(MmuNotifier sub, MmuNotifierOp op, MmuNotifierRange? range)
        {
            if (op != MmuNotifierOp.Release) return;
            var r = subs.For(sub);
            if (++r.Calls > 2) Sched.Fail(name, $"{Sched.ThreadName} calls {sub}->release for the {r.Calls}th time: exit and unregister together allow at most two");
            r.Running.Add((Sched.ThreadName, sub.Hashed));
        }

        public void CallbackEnd(MmuNotifier sub, MmuNotifierOp op, MmuNotifierRange? range, int result)
        {
            if (op != MmuNotifierOp.Release) return;
            var r = subs.For(sub);
            r.Completed++;
            int at = r.Running.FindIndex(x => x.Thread == Sched.ThreadName);
            if (at >= 0) r.Running.RemoveAt(at);
        }

        public void GatherFreeing(MmuGather tlb, PageRef page)
        {
            if (!tlb.Fullmm) return;
            foreach (var (mm, hashed) in exits)
            {
                if (!ReferenceEquals(mm, tlb.Mm)) continue;
                foreach (var sub in hashed)
                {
                    // mmu_notifier_put() never calls ->release: a notifier its last put unhashed is owed
                    // none (its owner dropped its translations before the put).
                    if (!sub.Hashed && sub.Users == 0) continue;
                    if (subs.For(sub).Completed == 0)
                        Sched.Fail(name, $"exit_mmap({mm}) in {Sched.ThreadName} frees {page} before any ->release of {sub} (registered when exit began) completed");
                }
            }
            foreach (var r in subs.All)
            {
                if (!ReferenceEquals(r.Sub.Mm, tlb.Mm)) continue;
                foreach (var (thread, whileHashed) in r.Running)
                {
                    if (whileHashed)
                        Sched.Fail(name, $"exit_mmap({tlb.Mm}) in {Sched.ThreadName} frees {page} while {r.Sub}->release, begun by {thread} while the notifier was still registered, is still running");
                }
            }
        }
    }
}
