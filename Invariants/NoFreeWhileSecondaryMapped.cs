namespace Torture.Invariants;

/// <summary>
/// I1: a page is never freed while a secondary translation (SPTE) or a CPU TLB entry still reaches
/// it, and no translation is ever installed to or reaches a freed page.
/// </summary>
public sealed class NoFreeWhileSecondaryMapped : IInvariant
{
    public string Name => "I1 NoFreeWhileSecondaryMapped";

    public string Description =>
        "When a page's last reference goes, no SPTE, secondary TLB entry or CPU TLB entry maps it; no translation is installed to a freed page, and at every step none reaches one.";

    public void Attach(Kernel kernel, ProgramBuilder program)
    {
        var watch = new Watch(kernel, Name);
        kernel.Observe(watch);
        program.AtEachStep(watch.Step);
    }

    private sealed class Watch(Kernel k, string name) : IKernelObserver
    {
        public void PageFreeing(Page page, string who)
        {
            foreach (var (mmu, t) in Translations.Secondary(k))
            {
                if (t.Page.Is(page))
                    Sched.Fail(name, $"{page} freed by {Sched.ThreadName} ({who}) while {mmu.Name} {t} still maps it ({Translations.Registration(mmu.Subscription)})");
            }
            foreach (var (cpu, e) in Translations.CpuTlbs(k))
            {
                if (e.Page.Is(page))
                    Sched.Fail(name, $"{page} freed by {Sched.ThreadName} ({who}) while {cpu.Name}'s TLB still caches {e}: the flush must come before the free");
            }
        }

        // Checked at the install too: an entry written and dropped again between two steps would go unseen.
        public void SecondaryMapped(ISecondaryMmu mmu, int slot)
        {
            if (mmu.TryGetTranslation(slot, out var t) && !t.Page.IsLive)
                Sched.Fail(name, $"{mmu.Name} installed {t}, a freed page (the frame is now {t.Page.Page}{(t.Page.Page.Freed ? ", free" : "")})");
        }

        public void Step()
        {
            foreach (var (mmu, t) in Translations.Secondary(k))
            {
                if (!t.Page.IsLive) Sched.Fail(name, $"{mmu.Name} {t} reaches a freed page (the frame is now {t.Page.Page}{(t.Page.Page.Freed ? ", free" : "")})");
            }
            foreach (var (cpu, e) in Translations.CpuTlbs(k))
            {
                if (!e.Page.IsLive) Sched.Fail(name, $"{cpu.Name}'s TLB caches {e}, a freed page");
            }
        }
    }
}
