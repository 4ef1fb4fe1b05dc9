using Torture.Model;
using Torture.Systematic;

namespace Torture.Scenarios;

/// <summary>
/// §2.7 MMU_NOTIFY_MIGRATE and its owner: an HMM mirror's driver moves a page into its
/// device-coherent memory and back while the device faults it in and stores to it, a CPU stores
/// through its cached entry, and a second mirror of the same mm holds an entry for it. The driver's
/// own listener may leave the entries to the migration, but its seq must move; everyone else must drop.
/// </summary>
public sealed class HmmMigrateVsDevice : Scenario
{
    public override string Name => "hmm-migrate-vs-device";

    public override string Description =>
        "HmmMigrate(hmm, va0, to device) then HmmMigrate(hmm, va0, to system) || HmmDeviceFault(hmm, va0, write) then HmmDeviceAccess(hmm, va0, write) || CpuAccess(cpu0, va0, write) through a cached rw entry; anon mm, mirrors hmm (rw entry) and hmm2 (ro entry) (3 threads)";

    public override IReadOnlyList<Mutant> Exposes { get; } = new[]
    {
        Mutant.HmmOwnMigrateSkipsSetSeq, Mutant.HmmMigrateKeepsDeviceEntry, Mutant.HmmMigrateFilterIgnoresOwner, Mutant.MigrateVmaSkipsFlush,
    };

    protected override void Build(Kernel k, ProgramBuilder p)
    {
        var mm = Setups.AnonProcess(k, "mm", 1);
        var cpu = k.Cpus[0];
        var hmm = Setups.Mirror(mm, "hmm");
        if (HmmDeviceFault.Run(hmm, 0, 1, write: true) != 0) throw new InvalidOperationException("set-up: hmm could not fault va0 in for write");
        Setups.Mirror(mm, "hmm2", 0);
        p.Thread("migrate", () =>
        {
            HmmMigrate.Run(hmm, 0, toDevice: true);
            HmmMigrate.Run(hmm, 0, toDevice: false);
        });
        p.Thread("dev", () =>
        {
            HmmDeviceFault.Run(hmm, 0, 1, write: true);
            HmmDeviceAccess.Run(hmm, 0, write: true);
        });
        p.Thread("cpu0", () => CpuAccess.Run(cpu, mm, 0, write: true));
    }
}
