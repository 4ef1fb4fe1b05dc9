namespace Torture.Invariants;

/// <summary>
/// I4: every store to a file page stays findable until it reaches the backing store (disk, or the
/// DRM tracker's device copy): the PTE it went through is dirty, or the page is, or the store falls
/// in a cleaner's window (PTE cleaned, TLB flush not done yet: the cleaner copies after its flush).
/// A page leaving the page cache clean, or left at the end, must hold what the backing store holds
/// unless one of those dirty bits still says otherwise. Anonymous pages are not checked: the swap
/// entry keeps their contents whatever the dirty bits say.
/// </summary>
public sealed class DirtyNotLost : IInvariant
{
    public string Name => "I4 DirtyNotLost";

    public string Description =>
        "A store to a file page leaves its PTE or page dirty (or lands before a cleaner's TLB flush); a page dropped clean or left at the end holds what its backing store holds unless a dirty PTE or page flag says otherwise.";

    public void Attach(Kernel kernel, ProgramBuilder program)
    {
        var watch = new Watch(kernel, Name);
        kernel.Observe(watch);
        program.OnThreadExit(kernel.Observing(watch.ThreadExited));
        program.AtEnd(watch.AtEnd);
    }

    private sealed class Watch(Kernel k, string name) : IKernelObserver
    {
        private readonly UnflushedChanges cleaning = new();
        private readonly List<(MmStruct Mm, int Va, string Thread)> lastCleaner = new();

        public void PteChanged(MmStruct mm, int va, Pte before, Pte after)
        {
            if (!before.IsPresent || !before.Dirty || !after.IsPresent || after.Page != before.Page || after.Dirty) return;
            cleaning.Add(mm, va);
            lastCleaner.RemoveAll(c => ReferenceEquals(c.Mm, mm) && c.Va == va);
            lastCleaner.Add((mm, va, Sched.ThreadName));
        }

        public void TlbFlushed(MmStruct mm, int start, int end, long began) =>
            cleaning.Flushed(mm, start, end);

        public void ThreadExited()
        {
            cleaning.ThreadEnded(Sched.ThreadName);
        }

        public void MemoryAccessed(in MemoryAccess a)
        {
            if (!a.Write || a.Page.Page.Mapping is null) return;
            var pte = a.Mm.PageTable[a.Va];
            // Through the entry of a PTE since cleared: the clear moved its dirty bit to the page (or
            // the page is gone); what the store did to the data is I13's to judge.
            if (!pte.IsPresent || pte.Page != a.Page) return;
            if (pte.Dirty || a.Page.Page.Has(PageFlags.Dirty)) return;
            if (cleaning.Any(a.Mm, a.Va)) return;
            Sched.Fail(name, $"{Sched.ThreadName}: {a} left no dirty bit: the PTE is {pte}, cleaned by {Cleaner(a.Mm, a.Va)} whose TLB flush is over, and the page is clean, so no writeback or dirty scan will copy v{a.Value}");
        }

        public void PageCacheRemoving(Page page, bool writtenBack)
        {
            var file = page.Mapping!;
            if (!writtenBack && page.Version != file.OnDisk(page.Index))
                Sched.Fail(name, $"{page} ({file.Name} index {page.Index}) leaves the page cache clean by {Sched.ThreadName}, holding v{page.Version} while the backing store holds v{file.OnDisk(page.Index)}: a store's dirty bit was lost");
        }

        public void AtEnd()
        {
            foreach (var file in k.Files)
            {
                for (int index = 0; index < file.Size; index++)
                {
                    if (file.CachedPage(index) is not { } r || r.Page.Version == file.OnDisk(index) || r.Page.Has(PageFlags.Dirty)) continue;
                    if (HasDirtyPte(r)) continue;
                    Sched.Fail(name, $"{file.Name} index {index} ({r}) holds v{r.Page.Version}, the backing store v{file.OnDisk(index)}, and neither the page nor any PTE mapping it is dirty: the store will never be written back or copied (mapped {Mappings(r)})");
                }
            }
        }

        private bool HasDirtyPte(PageRef r)
        {
            foreach (var mm in k.Mms)
                for (int va = 0; va < mm.PageTable.Size; va++)
                    if (mm.PageTable[va] is { IsPresent: true, Dirty: true } pte && pte.Page == r) return true;
            return false;
        }

        private string Mappings(PageRef r)
        {
            var where = new List<string>();
            foreach (var mm in k.Mms)
                for (int va = 0; va < mm.PageTable.Size; va++)
                    if (mm.PageTable[va] is { IsPresent: true } pte && pte.Page == r) where.Add($"{mm.Name} va{va} {pte}, last cleaned by {Cleaner(mm, va)}");
            return where.Count == 0 ? "nowhere" : string.Join("; ", where);
        }

        private string Cleaner(MmStruct mm, int va) =>
            lastCleaner.FindLast(c => ReferenceEquals(c.Mm, mm) && c.Va == va) is { Thread: { } t } ? t : "nobody (never dirty since it was mapped)";
    }
}
