namespace Torture.Invariants;

/// <summary>
/// I10: a guest access through a secondary translation is reported by the next aging scan of its
/// page. Each access waits in its translation's slot until a young op of that listener harvests it:
/// a listener that finds the accessed bit clear with an access waiting has lost it, and a scan that
/// concludes a page old must not have been told it was young (by a result not flagged
/// MMU_NOTIFIER_YOUNG_BITMAP_UNRELIABLE), nor leave an access from before it began unharvested.
/// The exemptions the contract allows, as code: an access through a TLB entry cached across a no-flush
/// clear_young (unless the strict switch is on), what a listener harvested in a call it flagged
/// UNRELIABLE, and a translation torn down by an invalidation of another operation.
/// A bitmap the listener did not flag UNRELIABLE must hold exactly the pages it saw young (test_young),
/// and clear_young may clear only the pages the caller's bitmap names.
/// </summary>
public sealed class YoungNotLost : IInvariant
{
    public string Name => "I10 YoungNotLost";

    public string Description =>
        "A guest access through a secondary translation is reported young by the next aging scan of its page (unless the contract exempts it: a no-flush clear_young and a cached TLB entry, an UNRELIABLE result, a teardown); a reliable young bitmap holds exactly the young pages.";

    public void Attach(Kernel kernel, ProgramBuilder program) => kernel.Observe(new Watch(Name, kernel.Faults.On(Mutant.ClearYoungWithoutFlushReportsExact)));

    private sealed record Access(PageRef Page, long Seq, bool Exempt, string Who);

    /// <summary>One translation slot of a listener: the accesses its accessed bit holds for the next harvest.</summary>
    private sealed class Slot(ISecondaryMmu mmu, int index)
    {
        public ISecondaryMmu Mmu { get; } = mmu;
        public int Index { get; } = index;
        public List<Access> Waiting { get; } = new();
        /// <summary>Last cleared by a young op that did not flush: the TLB may still cache the entry.</summary>
        public bool ClearedWithoutFlush { get; set; }
        public override string ToString() => $"{Mmu} slot {Index}";
    }

    private sealed record Seen(Slot Slot, int Va, PageRef Page, bool Young, bool Cleared, IReadOnlyList<Access> Harvested);

    private sealed class Scan(long began, string what)
    {
        public long Began { get; } = began;
        public string What { get; } = what;
        /// <summary>Pages a listener harvested young (and cleared) for this scan, in a result it did not flag UNRELIABLE.</summary>
        public List<(PageRef Page, MmStruct? Mm, string By)> ToldYoung { get; } = new();
        /// <summary>Pages it concluded young: through any mapping (null), or through one mm's.</summary>
        public List<(PageRef Page, MmStruct? Within)> Young { get; } = new();
        /// <summary>Accesses from before the scan whose translation the scan's own invalidation tore down.</summary>
        public List<(Access Access, Slot Slot)> TornDown { get; } = new();
    }

    private sealed class Watch(string name, bool strict) : IKernelObserver
    {
        private readonly List<Slot> slots = new();
        // Keyed by thread name, looked up only (never iterated): no hash order reaches a verdict.
        private readonly Dictionary<string, Scan> scans = new();
        private readonly Dictionary<string, List<Seen>> calls = new();
        private long seq;

        private Slot SlotOf(ISecondaryMmu mmu, int index)
        {
            foreach (var s in slots) if (ReferenceEquals(s.Mmu, mmu) && s.Index == index) return s;
            var slot = new Slot(mmu, index);
            slots.Add(slot);
            return slot;
        }

        public void SecondaryAccessed(ISecondaryMmu mmu, int slot, PageRef page, bool cachedHit)
        {
            // An unsubscribed listener is told nothing, young ops included: its accesses are its own business.
            if (!mmu.Subscription.Subscribed) return;
            var s = SlotOf(mmu, slot);
            bool exempt = cachedHit && s.ClearedWithoutFlush && !strict;
            s.Waiting.Add(new Access(page, ++seq, exempt, $"{Sched.ThreadName}'s {(cachedHit ? "TLB hit" : "access")}"));
        }

        public void SecondaryMapped(ISecondaryMmu mmu, int slot) => Reset(SlotOf(mmu, slot));

        public void SecondaryUnmapped(ISecondaryMmu mmu, int slot, SecondaryTranslation old)
        {
            var s = SlotOf(mmu, slot);
            // Torn down by an invalidation: allowed to lose the bit, unless the scan that will decide is the invalidating one.
            if (scans.TryGetValue(Sched.ThreadName, out var scan))
            {
                foreach (var a in s.Waiting) if (!a.Exempt && a.Seq < scan.Began) scan.TornDown.Add((a, s));
            }
            Reset(s);
        }

        private static void Reset(Slot s)
        {
            s.Waiting.Clear();
            s.ClearedWithoutFlush = false;
        }

        public void SecondaryYoungScanned(ISecondaryMmu mmu, int slot, int va, PageRef page, bool young, bool cleared, bool flushed)
        {
            var s = SlotOf(mmu, slot);
            var harvested = s.Waiting.Where(a => !a.Exempt).ToList();
            if (!young && harvested.Count > 0)
                Sched.Fail(name, $"{mmu} found the accessed bit of {s} ({page}) clear, but {harvested[0].Who} went through it since it was last harvested");
            if (!calls.TryGetValue(Sched.ThreadName, out var call)) calls[Sched.ThreadName] = call = new();
            call.Add(new Seen(s, va, page, young, cleared, young ? harvested : Array.Empty<Access>()));
            if (cleared || !young) s.Waiting.Clear();
            // Finding the bit clear flushes nothing: an entry cached across an earlier no-flush clear stays cached.
            if (cleared) s.ClearedWithoutFlush = !flushed;
        }

        public void YoungOpReturned(MmuNotifier sub, MmuNotifierOp op, int start, int end, ulong bitsBefore, YoungBitmap? bitmap, MmuNotifierYoungFlags result)
        {
            var seen = calls.Remove(Sched.ThreadName, out var c) ? c : new List<Seen>();
            bool unreliable = (result & MmuNotifierYoungFlags.BitmapUnreliable) != 0;
            if (bitmap is not null && !unreliable) CheckBitmap(sub, op, bitmap, bitsBefore, seen);
            // What a listener harvested in a call it flagged UNRELIABLE is lost with the contract's leave.
            if (unreliable || !scans.TryGetValue(Sched.ThreadName, out var scan)) return;
            // Only a harvest that cleared the bit leaves the caller the one holder of the news; a
            // test_young's young page keeps its bit, and its access stays waiting in the slot.
            foreach (var x in seen)
            {
                // A bitmap clear_young of pages the scan already concluded young settles nothing new.
                if (x.Young && x.Cleared && !scan.Young.Any(y => y.Page == x.Page && (y.Within is null || y.Within == sub.Mm)))
                    scan.ToldYoung.Add((x.Page, sub.Mm, $"{sub}.{op}"));
            }
        }

        private void CheckBitmap(MmuNotifier sub, MmuNotifierOp op, YoungBitmap bitmap, ulong before, List<Seen> seen)
        {
            if (op == MmuNotifierOp.TestYoung)
            {
                foreach (var x in seen)
                {
                    if (x.Young && !bitmap.Test(x.Va))
                        Sched.Fail(name, $"{sub}.test_young({bitmap}) saw va{x.Va} ({x.Page}) young but left its bit clear, and did not flag the bitmap UNRELIABLE");
                }
                ulong added = bitmap.Bits & ~before;
                for (int bit = 0; bit < 64; bit++)
                {
                    if ((added >> bit & 1) == 0) continue;
                    int va = bitmap.Start + bit;
                    if (!seen.Any(x => x.Young && x.Va == va))
                        Sched.Fail(name, $"{sub}.test_young({bitmap}) set the bit of va{va}, which it did not see young, and did not flag the bitmap UNRELIABLE");
                }
            }
            else if (op == MmuNotifierOp.ClearYoung)
            {
                foreach (var x in seen)
                {
                    if (x.Cleared && !bitmap.Test(x.Va))
                        Sched.Fail(name, $"{sub}.clear_young({bitmap}) cleared the accessed bit of va{x.Va} ({x.Page}), which the bitmap does not name, and did not flag it UNRELIABLE");
                }
            }
        }

        public void AgingScanBegin(string what) => scans[Sched.ThreadName] = new Scan(++seq, what);

        public void AgingScanEnd() => scans.Remove(Sched.ThreadName);

        public void AgingScanned(PageRef page, bool young, string how, MmStruct? within)
        {
            if (!scans.TryGetValue(Sched.ThreadName, out var scan)) return;
            if (young)
            {
                scan.Young.Add((page, within));
                scan.ToldYoung.RemoveAll(t => t.Page == page && (within is null || t.Mm == within));
                return;
            }
            string who = $"{Sched.ThreadName}'s {how}";
            foreach (var (p, mm, by) in scan.ToldYoung)
            {
                // A look-around speaks for the mappings of its own page table only.
                if (p == page && (within is null || mm == within)) Sched.Fail(name, $"{who} concluded {page} old although {by} reported it young");
            }
            foreach (var (a, s) in scan.TornDown)
            {
                if (a.Page == page && (within is null || (s.Mmu as IMmBound)?.Mm == within)) Sched.Fail(name, $"{who} concluded {page} old: {a.Who} through {s} came before the scan began, and the scan's own invalidation tore the translation down before asking");
            }
            foreach (var s in slots)
            {
                if (within is not null && (s.Mmu as IMmBound)?.Mm != within) continue;
                foreach (var a in s.Waiting)
                {
                    if (a.Page == page && !a.Exempt && a.Seq < scan.Began)
                        Sched.Fail(name, $"{who} concluded {page} old, but {a.Who} through {s}, before the scan began, was never harvested");
                }
            }
        }
    }
}
