using Torture.Model;
using Torture.Systematic;

namespace Torture.Scenarios;

/// <summary>
/// B19: an SVA device and a CPU both store to a shared page they cached read-only. Whichever write
/// fault upgrades the PTE must invalidate the device's entry, or the device's retries fault on its
/// stale read-only entry forever (it does not re-walk on a fault as an x86 CPU does).
/// </summary>
public sealed class DeviceWriteUpgrade : Scenario
{
    public override string Name => "device-write-upgrade";

    public override string Description =>
        "DeviceAccess(iommu, va0, write) || CpuAccess(cpu0, va0, write); a shared file page mapped read-only, cached ro by both (2 threads)";

    public override IReadOnlyList<Mutant> Exposes { get; } = new[] { Mutant.NoSecondaryFlushOnUpgrade };

    protected override void Build(Kernel k, ProgramBuilder p)
    {
        var (_, mm, cpu) = Setups.SharedFileProcess(k, "file", 1);
        CpuAccess.Run(cpu, mm, 0, write: false);
        var dev = Setups.SvaDevice(mm, "iommu", (0, false));
        p.Thread("device", () => DeviceAccess.Run(dev, 0, write: true));
        p.Thread("cpu0", () => CpuAccess.Run(cpu, mm, 0, write: true));
    }
}
