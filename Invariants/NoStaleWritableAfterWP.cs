namespace Torture.Invariants;

/// <summary>
/// I3: when a write-protect operation (wp_shared_mapping_range, folio_mkclean, mprotect read-only,
/// clear_refs) is done, no CPU TLB entry or secondary translation still grants write to a page whose
/// PTE in its range is read-only. The exceptions are another thread's changes of that PTE not
/// flushed yet, which are that thread's to finish: a write-protect made after this operation began
/// (or at any time, for an operation that never reads mm_tlb_flush_pending, like folio_mkclean), or an
/// unmap (reclaim's deferred flush) behind which a fault has mapped the same page again.
/// </summary>
public sealed class NoStaleWritableAfterWP : IInvariant
{
    public string Name => "I3 NoStaleWritableAfterWP";

    public string Description =>
        "When a write-protect operation returns, no CPU TLB entry, SPTE or device TLB entry grants write to a read-only PTE of its range (unless another thread write-protected it since, or unmapped it, and has not flushed yet).";

    public void Attach(Kernel kernel, ProgramBuilder program)
    {
        var watch = new Watch(kernel, Name);
        kernel.Observe(watch);
        program.OnThreadExit(kernel.Observing(watch.ThreadExited));
    }

    private sealed class Watch(Kernel k, string name) : IKernelObserver
    {
        private readonly UnflushedChanges inFlight = new();

        public void PteChanged(MmStruct mm, int va, Pte before, Pte after)
        {
            if (!before.IsPresent) return;
            bool unmapped = !after.IsPresent || after.Page != before.Page;
            if (unmapped || (before.Write && !after.Write))
                inFlight.Add(mm, va, k.Now, unmapped);
        }

        public void TlbFlushed(MmStruct mm, int start, int end, long began) =>
            inFlight.Flushed(mm, start, end);

        public void ThreadExited()
        {
            inFlight.ThreadEnded(Sched.ThreadName);
        }

        public void WriteProtectDone(MmStruct mm, int start, int end, long began, string what, bool leavesOthersFlushes)
        {
            var me = Sched.ThreadName;
            for (int va = start; va < Math.Min(end, mm.PageTable.Size); va++)
            {
                var pte = mm.PageTable[va];
                if (!pte.IsPresent || pte.Write) continue;
                if (inFlight.Any(mm, va, f => f.Thread != me && (f.Unmapped || f.At >= began || leavesOthersFlushes))) continue;
                foreach (var (cpu, e) in Translations.CpuTlbs(k))
                {
                    if (e.Write && ReferenceEquals(e.Mm, mm) && e.Va == va && e.Page == pte.Page)
                        Sched.Fail(name, $"{me}'s {what} of {mm.Name} [{start},{end}) is done, but {cpu.Name}'s TLB still grants write: {e}, while the PTE is {pte} (its TLB flush was skipped or covered too little)");
                }
                foreach (var (mmu, t) in Translations.Secondary(k))
                {
                    if (t.Writable && ReferenceEquals(t.Mm, mm) && t.Va == va && t.Page == pte.Page)
                        Sched.Fail(name, $"{me}'s {what} of {mm.Name} [{start},{end}) is done, but {mmu.Name} still grants write: {t}, while the PTE is {pte}");
                }
            }
        }
    }
}
