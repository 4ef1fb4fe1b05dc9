using Torture.Model;
using Torture.Systematic;

namespace Torture.Scenarios;

/// <summary>
/// An idle-page scan (page_idle: clear_young, no secondary flush) of a page the guest keeps reading
/// through the TLB entry it cached before the set-up's scan, while migration moves the page. The
/// guest's hit sets no accessed bit: the contract lets the scan report the page idle (the window
/// ClearYoungWithoutFlushReportsExact shows); the migration's invalidation may take the bit too.
/// </summary>
public sealed class IdleVsMigrate : Scenario
{
    public override string Name => "idle-vs-migrate";

    public override string Description =>
        "PageIdleScan(va0) || GuestAccess(gfn0, read) through its cached entry || MigratePages(va0); one anon page, idle-scanned once by the set-up (3 threads)";

    public override IReadOnlyList<Mutant> Exposes { get; } = new[] { Mutant.ClearYoungWithoutFlushReportsExact };

    protected override void Build(Kernel k, ProgramBuilder p)
    {
        var mm = Setups.AnonProcess(k, "mm", 1);
        var kvm = Setups.Vm(mm, "kvm", write: false, 0);
        GuestAccess.Run(kvm, 0, write: false);   // the walk caches the SPTE in the guest's TLB
        var target = mm.PageTable[0].Page;
        PageIdle.Scan(k, target);   // clears the accessed bits without a flush and marks the page idle
        p.Thread("idle", () => PageIdle.Scan(k, target));
        p.Thread("vcpu", () => GuestAccess.Run(kvm, 0, write: false));
        p.Thread("kcompactd", () => MigratePages.Run(k, target));
    }
}
