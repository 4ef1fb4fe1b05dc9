using Torture.Model;
using Torture.Systematic;

namespace Torture.Scenarios;

/// <summary>
/// COW under a secondary MMU (R5 case B): after fork, KVM maps the parent's COW-shared page
/// read-only; the parent CPU and the guest both write it, each breaking COW (start, ptep_clear_flush,
/// new page, end), while kswapd reclaims the old page through the shared anon_vma.
/// </summary>
public sealed class CowVsGuest : Scenario
{
    public override string Name => "cow-vs-guest";

    public override string Description =>
        "CpuAccess(parent va0, write) || GuestAccess(gfn0, write) || Reclaim(the COW-shared page); KVM on the parent maps it read-only (3 threads)";

    // Not KvmCountOnly or KvmSnapshotAfterGup: the guest's own COW bumps the seq, and nothing else
    // invalidates the new page after GUP returns it.
    public override IReadOnlyList<Mutant> Exposes { get; } = new[] { Mutant.KvmNoRetryCheck, Mutant.KvmSeqOnly };

    protected override void Build(Kernel k, ProgramBuilder p)
    {
        var (parent, _, _) = Setups.ForkedPair(k);
        var kvm = Setups.Vm(parent, "kvm", write: false, 0);
        var shared = parent.PageTable[0].Page;
        var cpu = k.Cpus[0];
        p.Thread("cpu0", () => CpuAccess.Run(cpu, parent, 0, write: true));
        p.Thread("vcpu", () => GuestAccess.Run(kvm, 0, write: true));
        p.Thread("kswapd", () => Reclaim.Run(k, shared, batchFlush: false));
    }
}
