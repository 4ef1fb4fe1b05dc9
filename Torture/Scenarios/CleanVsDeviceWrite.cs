using Torture.Model;
using Torture.Systematic;

namespace Torture.Scenarios;

/// <summary>
/// §6.7 "clean vs device write": a DRM driver's dirty scan (clean_record_shared_mapping_range() and
/// the copy of the recorded pages) against a CPU and an SVA device storing to the buffer through
/// dirty translations they cached before it. Every store must end up copied, or leave a dirty PTE
/// for the next scan (I4). Page 2 was written, then write-protected: dirty but read-only.
/// </summary>
public sealed class CleanVsDeviceWrite : Scenario
{
    public override string Name => "clean-vs-device-write";

    public override string Description =>
        "DirtyTrackingScan(buf) || CpuAccess(cpu0, va0, write) || DeviceAccess(iommu, va1, write); shared 3-page buffer, both writers hold dirty rw entries, va2 dirty read-only (3 threads)";

    public override IReadOnlyList<Mutant> Exposes { get; } = new[]
    {
        Mutant.CleanRecordMissesReadOnlyDirty, Mutant.CleanRecordCopiesBeforeFlush,
    };

    protected override void Build(Kernel k, ProgramBuilder p)
    {
        var (buf, mm, cpu) = Setups.SharedFileProcess(k, "buf", 3);
        CpuAccess.Run(cpu, mm, 0, write: true);
        var dev = Setups.SvaDevice(mm, "iommu", (1, true));
        CpuAccess.Run(cpu, mm, 2, write: true);
        MappingDirtyHelpers.WpSharedMappingRange(buf, 2, 3);
        p.Thread("scan", () => DirtyTrackingScan.Run(buf));
        p.Thread("cpu0", () => CpuAccess.Run(cpu, mm, 0, write: true));
        p.Thread("device", () => DeviceAccess.Run(dev, 1, write: true));
    }
}
