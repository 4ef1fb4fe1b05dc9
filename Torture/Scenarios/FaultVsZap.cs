using Torture.Model;
using Torture.Systematic;

namespace Torture.Scenarios;

/// <summary>
/// §6.7 "fault vs zap" (B1 family): a vCPU faults gfn0 in while madvise(DONTNEED) zaps both pages
/// through a one-page mmu_gather, so pages are freed inside the invalidate window. gfn1 is mapped
/// from the start, so a zap that skips or delays its start leaves a stale SPTE behind.
/// </summary>
public sealed class FaultVsZap : Scenario
{
    public override string Name => "fault-vs-zap";

    public override string Description =>
        "KvmFault+GuestAccess(gfn0) || MadviseDontneed([0,2)); anon mm, KVM registered with an SPTE on gfn1 (2 threads)";

    public override IReadOnlyList<Mutant> Exposes { get; } = new[]
    {
        Mutant.KvmNoRetryCheck, Mutant.KvmSeqOnly, Mutant.KvmCountOnly, Mutant.KvmSnapshotAfterGup,
        Mutant.SkipStartInZap, Mutant.FreeBeforeStart,
    };

    protected override void Build(Kernel k, ProgramBuilder p)
    {
        var mm = Setups.AnonProcess(k, "mm", 2);
        var kvm = Setups.Vm(mm, "kvm", 1);
        p.Thread("vcpu", () => GuestAccess.Run(kvm, 0, write: true));
        p.Thread("madvise", () => MadviseDontneed.Run(mm, 0, 2));
    }
}
