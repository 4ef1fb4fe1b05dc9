using Torture.Model;
using Torture.Systematic;

namespace Torture.Scenarios;

/// <summary>
/// §6.7 "KSM merge vs guest write": ksmd merges two zero-filled pages while a CPU loads, stores to and
/// reloads the second through the entry it cached, and a vCPU faults it in: the write-protect must
/// flush before the compare, the compare must follow it, the replace must flush before the old page
/// goes, and KVM must hear of both changes inside start/end.
/// </summary>
public sealed class KsmVsGuest : Scenario
{
    public override string Name => "ksm-vs-guest";

    public override string Description =>
        "KsmMerge(va0, va1) || CpuAccess(cpu0, va1) read, write, read, through a cached rw entry || GuestAccess(gfn1, read); two zero-filled anon pages (3 threads)";

    public override IReadOnlyList<Mutant> Exposes { get; } = new[]
    {
        Mutant.ChangePteWithoutStartEnd, Mutant.KsmWrprotectSkipsFlush, Mutant.KsmCompareBeforeWrprotect,
        Mutant.ReplacePageSkipsFlush,
    };

    protected override void Build(Kernel k, ProgramBuilder p)
    {
        var mm = k.NewMm("mm", 2);
        Mmap.Region(mm, "mm:anon", 0, 2, VmFlags.Read | VmFlags.Write);
        var cpu = k.NewCpu("cpu0");
        // Read faults: both pages are zero-filled (identical) and cached writable by cpu0.
        CpuAccess.Run(cpu, mm, 0, write: false);
        CpuAccess.Run(cpu, mm, 1, write: false);
        var kvm = Setups.Vm(mm, "kvm");
        p.Thread("ksmd", () => KsmMerge.Run(mm, 0, 1));
        p.Thread("cpu0", () =>
        {
            CpuAccess.Run(cpu, mm, 1, write: false);
            CpuAccess.Run(cpu, mm, 1, write: true);
            CpuAccess.Run(cpu, mm, 1, write: false);
        });
        p.Thread("vcpu", () => GuestAccess.Run(kvm, 1, write: false));
    }
}
