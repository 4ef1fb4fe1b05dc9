using Torture.Model;
using Torture.Systematic;

namespace Torture.Scenarios;

/// <summary>
/// mprotect(PROT_READ) and clear_refs' soft-dirty write-protect against a guest writing through a
/// writable SPTE: both must tell KVM (PROTECTION_VMA, SOFT_DIRTY) and flush the CPU TLB that still
/// caches every page writable from the set-up.
/// </summary>
public sealed class ProtectVsGuest : Scenario
{
    public override string Name => "protect-vs-guest";

    public override string Description =>
        "Mprotect(va0, read-only) || GuestAccess(gfn0, write) || ClearRefsSoftDirty(mm); anon mm, cpu0 caches both pages rw, KVM maps gfn0 rw (3 threads)";

    public override IReadOnlyList<Mutant> Exposes { get; } = new[]
    {
        Mutant.MprotectSkipsInvalidate, Mutant.MprotectSkipsTlbFlush, Mutant.ClearRefsSkipsTlbFlush,
    };

    protected override void Build(Kernel k, ProgramBuilder p)
    {
        var mm = k.NewMm("mm", 2);
        Mmap.Region(mm, "mm:anon0", 0, 1, VmFlags.Read | VmFlags.Write);
        Mmap.Region(mm, "mm:anon1", 1, 2, VmFlags.Read | VmFlags.Write);
        var cpu = k.NewCpu("cpu0");
        CpuAccess.Run(cpu, mm, 0, write: true);
        CpuAccess.Run(cpu, mm, 1, write: true);
        var kvm = Setups.Vm(mm, "kvm", 0);
        p.Thread("mprotect", () => Mprotect.Run(mm, 0, write: false));
        p.Thread("vcpu", () => GuestAccess.Run(kvm, 0, write: true));
        p.Thread("clear_refs", () => ClearRefsSoftDirty.Run(mm));
    }
}
