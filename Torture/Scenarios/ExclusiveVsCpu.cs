using Torture.Model;
using Torture.Systematic;

namespace Torture.Scenarios;

/// <summary>
/// A GPU taking a page for atomics (make_device_exclusive) against a CPU that caches it writable and
/// takes it back: the device's listener must skip only the EXCLUSIVE invalidation it started itself,
/// the conversion must flush the CPU's entry, and the CPU's restore must tell the device.
/// </summary>
public sealed class ExclusiveVsCpu : Scenario
{
    public override string Name => "exclusive-vs-cpu";

    public override string Description =>
        "DeviceAtomic(gpu, va0) twice || CpuAccess(cpu0, va0, write) twice through a dirty rw entry; anon mm (2 threads)";

    public override IReadOnlyList<Mutant> Exposes { get; } = new[]
    {
        Mutant.ExclusiveFilterIgnoresOwner, Mutant.MakeExclusiveSkipsFlush, Mutant.RestoreExclusiveWithoutNotify,
    };

    protected override void Build(Kernel k, ProgramBuilder p)
    {
        var mm = Setups.AnonProcess(k, "mm", 1);
        var cpu = k.Cpus[0];
        var gpu = Setups.Registered(new AtomicDevice(mm, "gpu"));
        p.Thread("gpu", () =>
        {
            DeviceAtomic.Run(gpu, 0);
            DeviceAtomic.Run(gpu, 0);
        });
        p.Thread("cpu0", () =>
        {
            CpuAccess.Run(cpu, mm, 0, write: true);
            CpuAccess.Run(cpu, mm, 0, write: false);
        });
    }
}
