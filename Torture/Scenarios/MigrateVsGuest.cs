using Torture.Model;
using Torture.Systematic;

namespace Torture.Scenarios;

/// <summary>
/// §2.4 migration against the page's users: kcompactd moves an anonymous page while a CPU stores to
/// it through its cached entry and loads it back, and a vCPU writes it through its SPTE. Every mapping
/// must be a migration entry, flushed and notified, before the copy.
/// </summary>
public sealed class MigrateVsGuest : Scenario
{
    public override string Name => "migrate-vs-guest";

    public override string Description =>
        "MigratePages(page at va0) || CpuAccess(cpu0, va0) write then read, through a cached rw entry || GuestAccess(gfn0, write) through a writable SPTE (3 threads)";

    public override IReadOnlyList<Mutant> Exposes { get; } = new[]
    {
        Mutant.MigrateCopiesBeforeUnmap, Mutant.MigrateSkipsInvalidate,
    };

    protected override void Build(Kernel k, ProgramBuilder p)
    {
        var mm = Setups.AnonProcess(k, "mm", 1);
        var cpu = k.Cpus[0];
        var kvm = Setups.Vm(mm, "kvm", 0);
        var target = mm.PageTable[0].Page;
        p.Thread("kcompactd", () => MigratePages.Run(k, target));
        p.Thread("cpu0", () =>
        {
            CpuAccess.Run(cpu, mm, 0, write: true);
            CpuAccess.Run(cpu, mm, 0, write: false);
        });
        p.Thread("vcpu", () => GuestAccess.Run(kvm, 0, write: true));
    }
}
