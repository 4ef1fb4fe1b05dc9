using Torture.Model;
using Torture.Systematic;

namespace Torture.Scenarios;

/// <summary>
/// §5 B23: a vCPU faults gfn0 in while KVM zaps gfns 0-1 itself because their attributes changed
/// (an MTRR update): a fault that read the old attributes before the zap must retry, not install.
/// </summary>
public sealed class InternalZapVsFault : Scenario
{
    public override string Name => "internal-zap-vs-fault";

    public override string Description =>
        "GuestAccess(gfn0, write) || KvmZapGfnRange([0,2)); anon mm, KVM registered with an SPTE on gfn1 (2 threads)";

    public override IReadOnlyList<Mutant> Exposes { get; } = new[] { Mutant.InternalZapNoBeginEnd };

    protected override void Build(Kernel k, ProgramBuilder p)
    {
        var mm = Setups.AnonProcess(k, "mm", 2);
        var kvm = Setups.Vm(mm, "kvm", 1);
        p.Thread("vcpu", () => GuestAccess.Run(kvm, 0, write: true));
        p.Thread("mtrr", () => KvmZapGfnRange.Run(kvm, 0, 2));
    }
}
