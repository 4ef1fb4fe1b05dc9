using Torture.Model;
using Torture.Systematic;

namespace Torture.Scenarios;

/// <summary>
/// §5 B15: userspace deletes the VM's memslot and creates it again while madvise(DONTNEED) zaps
/// through KVM's start and end: a swap between them makes the two disagree on whether the range
/// overlaps a memslot. A vCPU faults gfn0 in meanwhile, so the zap and the deletion have an SPTE to drop.
/// </summary>
public sealed class MemslotVsZap : Scenario
{
    public override string Name => "memslot-vs-zap";

    public override string Description =>
        "MadviseDontneed([0,2)) || KvmSetMemoryRegion(delete) then (create) || GuestAccess(gfn0, write); anon mm, KVM registered with an SPTE on gfn1 (3 threads)";

    public override IReadOnlyList<Mutant> Exposes { get; } = new[] { Mutant.MemslotChangeDuringInvalidate };

    protected override void Build(Kernel k, ProgramBuilder p)
    {
        var mm = Setups.AnonProcess(k, "mm", 2);
        var kvm = Setups.Vm(mm, "kvm", 1);
        p.Thread("madvise", () => MadviseDontneed.Run(mm, 0, 2));
        p.Thread("memslot", () =>
        {
            KvmSetMemoryRegion.Run(kvm, delete: true);
            KvmSetMemoryRegion.Run(kvm, delete: false);
        });
        p.Thread("vcpu", () => GuestAccess.Run(kvm, 0, write: true));
    }
}
