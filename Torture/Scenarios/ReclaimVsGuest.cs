using Torture.Model;
using Torture.Systematic;

namespace Torture.Scenarios;

/// <summary>
/// §6.7 "fault vs reclaim" with aging: kswapd checks an anonymous page's references (folio_referenced,
/// its SPTE's accessed bit through clear_flush_young) and reclaims it if it was not used, while the
/// guest reads it through its SPTE and a second vCPU faults it back in. The set-up aged the page, so
/// only the guest's read can keep it.
/// </summary>
public sealed class ReclaimVsGuest : Scenario
{
    public override string Name => "reclaim-vs-guest";

    public override string Description =>
        "Kswapd(va0, references checked) || GuestAccess(gfn0, read) || KvmFault(gfn0, read); one aged anon page mapped by cpu0 and the VM (3 threads)";

    public override IReadOnlyList<Mutant> Exposes { get; } = new[] { Mutant.YoungCheckAfterStart };

    protected override void Build(Kernel k, ProgramBuilder p)
    {
        var mm = Setups.AnonProcess(k, "mm", 1);
        var kvm = Setups.Vm(mm, "kvm", write: false, 0);
        Setups.Aged(mm);
        var target = mm.PageTable[0].Page;
        p.Thread("kswapd", () => Reclaim.Kswapd(k, target, batchFlush: true, lookAround: false));
        p.Thread("vcpu0", () => GuestAccess.Run(kvm, 0, write: false));
        p.Thread("vcpu1", () => KvmFault.Run(kvm, 0, write: false));
    }
}
