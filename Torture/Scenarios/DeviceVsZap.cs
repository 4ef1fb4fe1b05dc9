using Torture.Model;
using Torture.Systematic;

namespace Torture.Scenarios;

/// <summary>
/// An SVA device and a vCPU against madvise(DONTNEED) of both pages. The device caches va1 and
/// writes it: its IOTLB must be flushed with the CPU's, not at start (B6); and KVM, which maps va1
/// too, must not be told end before va1 is cleared.
/// </summary>
public sealed class DeviceVsZap : Scenario
{
    public override string Name => "device-vs-zap";

    public override string Description =>
        "DeviceAccess(iommu, va1, write) || MadviseDontneed([0,2)) || GuestAccess(gfn1, write); a shared file mapping, va1 mapped read-only and cached ro by the IOMMU and KVM (3 threads)";

    public override IReadOnlyList<Mutant> Exposes { get; } = new[]
    {
        Mutant.HwTlbFlushAtStartOnly, Mutant.EndBeforeLastPteClear,
    };

    protected override void Build(Kernel k, ProgramBuilder p)
    {
        var (_, mm, cpu) = Setups.SharedFileProcess(k, "file", 2);
        CpuAccess.Run(cpu, mm, 0, write: true);
        var dev = Setups.SvaDevice(mm, "iommu", (0, false), (1, false));
        var kvm = Setups.Vm(mm, "kvm", write: false, 1);
        p.Thread("device", () => DeviceAccess.Run(dev, 1, write: true));
        p.Thread("madvise", () => MadviseDontneed.Run(mm, 0, 2));
        p.Thread("vcpu", () => GuestAccess.Run(kvm, 1, write: true));
    }
}
