namespace Torture.Invariants;

/// <summary>
/// I5: references are used only while the page lives (no use-after-free, no put of a freed page); no
/// PTE maps a freed page; at quiescence every live page is held exactly by its mappings and its cache
/// (no leak, no transient reference left) and no take-all-locks bit or mark is left behind.
/// </summary>
public sealed class RefcountBalance : IInvariant
{
    public string Name => "I5 RefcountBalance";

    public string Description =>
        "No get/put/access through a reference to a freed page; no PTE maps a freed page; at quiescence refcount = mapcount + page cache, mapcount = PTEs mapping the page, every live page is mapped or cached, and AS_MM_ALL_LOCKS / anon_vma marks are clear.";

    public void Attach(Kernel kernel, ProgramBuilder program)
    {
        var watch = new Watch(kernel, Name);
        kernel.Observe(watch);
        program.AtEachStep(watch.Step);
        program.AtEnd(watch.Quiescent);
    }

    private sealed class Watch(Kernel k, string name) : IKernelObserver
    {
        public void PageUse(PageRef page, PageUse use, string who)
        {
            if (page.IsLive) return;
            var now = page.Page.Freed ? "free" : $"reused as {page.Page}";
            Sched.Fail(name, $"use-after-free: {Sched.ThreadName} ({who}) does {use} on {page}, whose frame is {now}");
        }

        public void PageFreeing(Page page, string who)
        {
            foreach (var mm in k.Mms)
            {
                for (int va = 0; va < mm.PageTable.Size; va++)
                {
                    var pte = mm.PageTable[va];
                    if (pte.MapsPage && pte.Page.Is(page))
                        Sched.Fail(name, $"{page} freed by {Sched.ThreadName} ({who}) while PTE {mm.Name} va{va} = {pte} still maps it");
                }
            }
        }

        public void Step()
        {
            foreach (var mm in k.Mms)
            {
                for (int va = 0; va < mm.PageTable.Size; va++)
                {
                    var pte = mm.PageTable[va];
                    if (pte.MapsPage && !pte.Page.IsLive) Sched.Fail(name, $"PTE {mm.Name} va{va} = {pte} maps a freed page");
                }
            }
            foreach (var page in k.Pages.Frames)
            {
                if (page.Freed) continue;
                if (page.Refcount <= 0 || page.Mapcount < 0 || page.Mapcount > page.Refcount)
                    Sched.Fail(name, $"{page} has refcount {page.Refcount} and mapcount {page.Mapcount}");
            }
        }

        public void Quiescent()
        {
            var mapped = new int[k.Pages.Frames.Count];
            foreach (var mm in k.Mms)
            {
                for (int va = 0; va < mm.PageTable.Size; va++)
                {
                    if (mm.PageTable[va] is { MapsPage: true } pte && pte.Page.IsLive) mapped[pte.Page.Page.Pfn]++;
                }
            }
            foreach (var page in k.Pages.Frames)
            {
                if (page.Freed) continue;
                bool cached = page.Mapping?.CachedPage(page.Index) is { } c && c.Is(page);
                int expected = mapped[page.Pfn] + (cached ? 1 : 0);
                if (page.Mapcount != mapped[page.Pfn])
                    Sched.Fail(name, $"at quiescence {page} has mapcount {page.Mapcount} but {mapped[page.Pfn]} PTE(s) map it");
                if (expected == 0)
                    Sched.Fail(name, $"at quiescence {page} (refcount {page.Refcount}) is neither mapped nor cached: leaked");
                if (page.Refcount != expected)
                    Sched.Fail(name, $"at quiescence {page} has refcount {page.Refcount}, but only {mapped[page.Pfn]} mapping(s){(cached ? " and the page cache" : "")} hold it: {(page.Refcount > expected ? "a reference leaked" : "a reference was dropped twice")}");
            }
            foreach (var f in k.Files)
            {
                if (f.MmAllLocks) Sched.Fail(name, $"at quiescence {f.Name} still has AS_MM_ALL_LOCKS set");
            }
            foreach (var av in k.AnonVmas)
            {
                if (av.RootMark) Sched.Fail(name, $"at quiescence anon_vma {av} still carries the mm_take_all_locks mark");
            }
        }
    }
}
