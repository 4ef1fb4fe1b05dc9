namespace Torture.Invariants;

/// <summary>
/// I2: between a listener's start(range) returning and its end(range) being called it holds and installs
/// no translation in the range; outside such windows every translation of a registered listener
/// mirrors the primary PTE (same page, and writable only if the PTE is). A listener's own migration
/// (MIGRATE with it as owner) re-points its entries itself: until migrate_vma_finalize() its
/// translations of the range are judged by the checks on the pages (I1, I13), not against the PTE.
/// </summary>
public sealed class NoStaleSecondary : IInvariant
{
    public string Name => "I2 NoStaleSecondary";

    public string Description =>
        "After start(range) returns and until end(range) is called a listener holds and installs no translation in range; otherwise a registered listener's SPTE equals the primary PTE (page, and spte.w => pte.w).";

    public void Attach(Kernel kernel, ProgramBuilder program)
    {
        var watch = new Watch(kernel, Name);
        kernel.Observe(watch);
        program.AtEachStep(watch.Step);
    }

    private sealed class Watch(Kernel k, string name) : IKernelObserver
    {
        private readonly List<(ISubscription Sub, MmuNotifierRange Range, string Thread)> windows = new();
        private readonly List<(ISubscription Sub, MmuNotifierRange Range)> ownMigrations = new();

        public void CallbackEnd(MmuNotifier sub, MmuNotifierOp op, MmuNotifierRange? range, int result)
        {
            if (range is null) return;
            if (op == MmuNotifierOp.InvalidateRangeStart && result == 0) Invalidated(sub, sub.Ops, range);
        }

        // The window closes when end is called, not when it returns: the primary change is complete
        // by then, and a listener may re-establish as soon as its own end bookkeeping is done (KVM's
        // end goes on to wake a memslot update after dropping mmu_invalidate_in_progress).
        public void CallbackBegin(MmuNotifier sub, MmuNotifierOp op, MmuNotifierRange? range)
        {
            if (op == MmuNotifierOp.InvalidateRangeEnd && range is not null) Close(sub, range);
        }

        // An interval notifier's window runs from its invalidate to the end of the same range.
        public void IntervalInvalidateEnd(MmuIntervalNotifier sub, MmuNotifierRange range, bool ok)
        {
            if (ok) Invalidated(sub, sub.Ops, range);
        }

        public void MigrateVmaFinalized(MmuNotifierRange range) => ownMigrations.RemoveAll(m => ReferenceEquals(m.Range, range));

        private void Invalidated(ISubscription sub, object? listener, MmuNotifierRange range)
        {
            if (!OwnInvalidation.Of(range, listener)) Open(sub, range);
            else if (range.Event == MmuNotifierEvent.Migrate) ownMigrations.Add((sub, range));
        }

        public void ItreeInvalidateEnd(MmStruct mm, MmuNotifierRange range) =>
            windows.RemoveAll(w => ReferenceEquals(w.Range, range) && w.Sub is MmuIntervalNotifier);

        private void Open(ISubscription sub, MmuNotifierRange range) => windows.Add((sub, range, Sched.ThreadName));

        private void Close(ISubscription sub, MmuNotifierRange range)
        {
            int at = windows.FindIndex(w => ReferenceEquals(w.Sub, sub) && ReferenceEquals(w.Range, range));
            if (at >= 0) windows.RemoveAt(at);
        }

        public void SecondaryMapped(ISecondaryMmu mmu, int slot)
        {
            // Hardware that walks the CPU's page table refills whenever it likes: I2-HW judges it.
            if (mmu.SharesCpuPageTable || !mmu.TryGetTranslation(slot, out var t)) return;
            if (Window(mmu.Subscription, t) is { } w)
                Sched.Fail(name, $"{mmu.Name} installed {t} inside the invalidation {w.Range} that {w.Thread} started: establishing translations is forbidden until end");
        }

        public void Step()
        {
            foreach (var (mmu, t) in Translations.Secondary(k))
            {
                // A TLB of the CPU's own page table may lag its PTE until the flush (I2-HW).
                if (mmu.SharesCpuPageTable) continue;
                if (Window(mmu.Subscription, t) is { } w)
                {
                    Sched.Fail(name, $"{mmu.Name} still holds {t} after its start for {w.Range} (by {w.Thread}) returned");
                    continue;
                }
                // A listener that is not on the list is not told of invalidations: its duty ended at ->release.
                if (!mmu.Subscription.Subscribed || InOwnMigration(mmu.Subscription, t)) continue;
                var pte = t.Mm.PageTable[t.Va];
                if (!pte.Maps(t.Page, t.Exclusive))
                    Sched.Fail(name, $"{mmu.Name} {t} is stale: the primary PTE {t.Mm.Name} va{t.Va} is {pte} and no invalidation of it is in progress");
                else if (t.Writable && !pte.Write)
                    Sched.Fail(name, $"{mmu.Name} {t} is writable but the primary PTE {t.Mm.Name} va{t.Va} is {pte}");
                else if (mmu.Outdated(t) is { } why)
                    Sched.Fail(name, $"{mmu.Name} {t} is stale: {why}");
            }
        }

        private bool InOwnMigration(ISubscription sub, SecondaryTranslation t) =>
            ownMigrations.Exists(m => ReferenceEquals(m.Sub, sub) && ReferenceEquals(m.Range.Mm, t.Mm) && m.Range.Contains(t.Va));

        private (ISubscription Sub, MmuNotifierRange Range, string Thread)? Window(ISubscription sub, SecondaryTranslation t)
        {
            foreach (var w in windows)
            {
                if (ReferenceEquals(w.Sub, sub) && ReferenceEquals(w.Range.Mm, t.Mm) && w.Range.Contains(t.Va)) return w;
            }
            return null;
        }
    }
}
