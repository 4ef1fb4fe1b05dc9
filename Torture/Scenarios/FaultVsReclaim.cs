using Torture.Model;
using Torture.Systematic;

namespace Torture.Scenarios;

/// <summary>
/// §6.7 "fault vs reclaim": a vCPU faults a file page in while kswapd reclaims it with the deferred
/// (batched) TLB flush, and a CPU keeps writing it through a TLB entry cached before the unmap.
/// </summary>
public sealed class FaultVsReclaim : Scenario
{
    public override string Name => "fault-vs-reclaim";

    public override string Description =>
        "GuestAccess(gfn0) || Reclaim(file page 0, TTU_BATCH_FLUSH) || CpuAccess(va0, write) through a cached TLB entry (3 threads)";

    public override IReadOnlyList<Mutant> Exposes { get; } = new[]
    {
        Mutant.KvmNoRetryCheck, Mutant.KvmSeqOnly, Mutant.KvmCountOnly, Mutant.KvmSnapshotAfterGup,
        Mutant.DeferredFlushUsesCurrentMm, Mutant.NotifyAfterPtlRelease,
    };

    protected override void Build(Kernel k, ProgramBuilder p)
    {
        var file = k.NewFile("file", 2);
        var mm = k.NewMm("mm", 2);
        Mmap.Region(mm, "mm:file", 0, 2, VmFlags.Read | VmFlags.Write, file);
        var cpu = k.NewCpu("cpu0");
        CpuAccess.Run(cpu, mm, 0, write: true);   // faults va0 in and caches it in cpu0's TLB
        CpuAccess.PageFault(mm, 1, write: true);
        var kvm = Setups.Vm(mm, "kvm", 1);
        var target = mm.PageTable[0].Page;
        p.Thread("vcpu", () => GuestAccess.Run(kvm, 0, write: false));
        p.Thread("kswapd", () => Reclaim.Run(k, target, batchFlush: true));
        p.Thread("cpu0", () => CpuAccess.Run(cpu, mm, 0, write: true));
    }
}
