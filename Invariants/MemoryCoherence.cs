namespace Torture.Invariants;

/// <summary>
/// I13: the memory-coherence oracle. Pages carry contents; every store through a translation (CPU
/// TLB entry, page walk, SPTE) writes a value no store wrote before, and every load must return the
/// latest value stored to its location in the memory system's order. A location is (mm, va) for
/// anonymous memory and (file, index) for a shared file mapping, whose truth is the page cache.
/// A translation is stale when the PTE no longer maps its page, or it grants write and the PTE no
/// longer does. Using one is allowed only while the change that made it stale is in flight: until
/// a TLB flush covers the address, or the thread that changed the PTE finishes its operation. A
/// stale store inside that window reaches the location when its frame is still the location's
/// (the PTE lost only write permission or was cleared and maps nothing else yet, or the file's page
/// cache still holds the page); otherwise
/// it is ordered before the change and lost with the old page. A stale load in it is not checked. Outside the window a stale use
/// is a bug whatever caused it: a skipped flush, a stale SPTE, a lost write. A PTE that comes to map
/// an anonymous page must find it holding the location's latest value (a lost write shows there too).
/// What it assumes of the model is listed in Model/README.md ("The coherence oracle").
/// </summary>
public sealed class MemoryCoherence : IInvariant
{
    public string Name => "I13 MemoryCoherence";

    public string Description =>
        "Every load through any translation returns the latest value stored to its (mm, va) (a shared file page: its (file, index)); no load or store uses a stale translation once the PTE change that made it stale was flushed or its thread finished; a PTE newly mapping an anonymous page finds it holding the latest value.";

    public void Attach(Kernel kernel, ProgramBuilder program)
    {
        var watch = new Watch(Name);
        kernel.Observe(watch);
        program.OnThreadExit(kernel.Observing(watch.ThreadExited));
    }

    /// <summary>The latest store to each location of one mm (anonymous) or one file, with who made it.</summary>
    private sealed class Locations(int size)
    {
        public readonly long[] Value = new long[size];
        public readonly string?[] By = new string?[size];
        /// <summary>Anonymous memory: the frame a cleared PTE mapped last (ptep_clear_flush()'s transient none).</summary>
        public readonly PageRef?[] Cleared = new PageRef?[size];

        public void Store(int index, long value, string by)
        {
            Value[index] = value;
            By[index] = by;
        }

        public string Describe(int index) => By[index] is { } by ? $"v{Value[index]} (stored by {by})" : $"v{Value[index]} (never stored: zero-filled)";
    }

    private sealed class Watch(string name) : IKernelObserver
    {
        // Lists keyed by reference, not hash maps, so every run walks them in the same order.
        private readonly List<(object Owner, Locations L)> locations = new();
        private readonly UnflushedChanges inFlight = new();

        private Locations For(object owner, int size)
        {
            foreach (var (o, l) in locations) if (ReferenceEquals(o, owner)) return l;
            var fresh = new Locations(size);
            locations.Add((owner, fresh));
            return fresh;
        }

        public void PteChanged(MmStruct mm, int va, Pte before, Pte after)
        {
            EndSetup();
            // A new mapping of an anonymous page must bring the location's data with it (a merge, a
            // move, a copy, a swap-in): a lost store shows when the page is mapped, not only at a later load.
            if (after.IsPresent && after.Page.Page.Mapping is null && (!before.IsPresent || after.Page != before.Page))
            {
                var l = For(mm, mm.PageTable.Size);
                if (after.Page.Page.Version != l.Value[va])
                    Sched.Fail(name, $"{Sched.ThreadName} maps {mm.Name} va{va} to {after.Page} holding v{after.Page.Page.Version}, but the latest store to it is {l.Describe(va)}: the page lost a write or holds other data");
            }
            // The frame a PTE lost by being cleared is still the location's until something else is mapped.
            var cleared = For(mm, mm.PageTable.Size).Cleared;
            if (before.IsPresent && after.Kind == PteKind.None) cleared[va] = before.Page;
            else if (after.Kind != PteKind.None) cleared[va] = null;
            if (!before.IsPresent) return;
            bool pageGone = !after.IsPresent || after.Page != before.Page;
            bool writeGone = before.Write && !after.Write;
            if (pageGone || writeGone)
                inFlight.Add(mm, va);
        }

        public void TlbFlushed(MmStruct mm, int start, int end, long began) =>
            inFlight.Flushed(mm, start, end);

        /// <summary>An operation that changed a PTE must have flushed by the time it is over.</summary>
        public void ThreadExited()
        {
            inFlight.ThreadEnded(Sched.ThreadName);
        }

        public void ForkCopying(Vma parent, Vma child)
        {
            var from = For(parent.Mm, parent.Mm.PageTable.Size);
            var to = For(child.Mm, child.Mm.PageTable.Size);
            Array.Copy(from.Value, parent.Start, to.Value, child.Start, parent.End - parent.Start);
            Array.Copy(from.By, parent.Start, to.By, child.Start, parent.End - parent.Start);
        }

        public void ZeroFilled(Vma vma, int va)
        {
            var l = For(vma.Mm, vma.Mm.PageTable.Size);
            l.Value[va] = 0;
            l.By[va] = null;
        }

        public void MemoryAccessed(in MemoryAccess a)
        {
            EndSetup();
            var pte = a.Mm.PageTable[a.Va];
            // A migration entry keeps its page the location's memory until the copy is mapped: a store
            // into it is a store to the location, and the map-time check below judges the copy.
            bool mapped = pte.Maps(a.Page, a.Exclusive) || (pte.Kind == PteKind.Migration && pte.Page == a.Page);
            bool stale = !mapped || (a.Write && a.ViaWritable && !pte.Write);
            // A page-cache page is its own location, whatever VMA (or none: munmap detaches VMAs
            // before it zaps their PTEs) the address belongs to now.
            var file = a.Page.Page.Mapping;
            int index = a.Page.Page.Index;
            if (stale)
            {
                if (!InFlight(a.Mm, a.Va))
                {
                    var why = !mapped ? $"the PTE is {pte}" : $"the PTE {pte} was write-protected";
                    Sched.Fail(name, $"{Sched.ThreadName}: {a} through a stale translation: {why}, and no change of {a.Mm.Name} va{a.Va} is in flight (its TLB flush was missed or came too late)");
                    return;
                }
                // A store into the frame that is still the location's (the PTE kept the page and lost
                // only write, or was cleared and maps nothing else yet, or the file's page cache still
                // holds it) is a store to the location.
                bool current = file is not null ? file.CachedPage(index) == a.Page
                    : mapped || (pte.Kind == PteKind.None && For(a.Mm, a.Mm.PageTable.Size).Cleared[a.Va] == a.Page);
                if (a.Write && current) Store(a, file, index);
                return;
            }
            if (a.Write)
            {
                Store(a, file, index);
                return;
            }
            var (locations, at, where) = file is not null
                ? (For(file, file.Size), index, $"{file.Name} index {index}")
                : (For(a.Mm, a.Mm.PageTable.Size), a.Va, $"{a.Mm.Name} va{a.Va}");
            if (a.Value != locations.Value[at])
                Sched.Fail(name, $"{Sched.ThreadName}: {a}, but the latest store to {where} is {locations.Describe(at)}: the page lost a write or holds other data");
        }

        private bool threadsRunning;

        /// <summary>The set-up is an operation too: once the threads run, its changes must have been flushed.</summary>
        private void EndSetup()
        {
            if (threadsRunning || Sched.ThreadName == TraceEvent.SetupThread) return;
            threadsRunning = true;
            inFlight.ThreadEnded(TraceEvent.SetupThread);
        }

        private void Store(in MemoryAccess a, AddressSpace? file, int index)
        {
            var by = $"{Sched.ThreadName} via {a.Via}";
            if (file is not null) For(file, file.Size).Store(index, a.Value, by);
            else For(a.Mm, a.Mm.PageTable.Size).Store(a.Va, a.Value, by);
        }

        private bool InFlight(MmStruct mm, int va) => inFlight.Any(mm, va);
    }
}
