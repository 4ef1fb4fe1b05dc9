using Torture.Model;
using Torture.Systematic;

namespace Torture.Scenarios;

/// <summary>
/// COW seen by another CPU (R5): after fork, cpu0 and cpu1 both cache the parent's COW-shared page
/// read-only; cpu0 writes it (the copy is mapped and written) while cpu1 reads it. cpu1 must never
/// read the old page once the copy holds a newer store: only the TLB flush in ptep_clear_flush()
/// ensures it, and nothing but the coherence oracle sees the difference (the old page stays alive:
/// the child maps it).
/// </summary>
public sealed class CowVsCpu : Scenario
{
    public override string Name => "cow-vs-cpu";

    public override string Description =>
        "CpuAccess(cpu0, parent va0, write: COW) || CpuAccess(cpu1, parent va0, read) twice; both CPUs cache the COW-shared page (2 threads)";

    public override IReadOnlyList<Mutant> Exposes { get; } = new[] { Mutant.CowSkipsTlbFlush };

    protected override void Build(Kernel k, ProgramBuilder p)
    {
        var (parent, _, _) = Setups.ForkedPair(k);
        var cpu0 = k.Cpus[0];
        var cpu1 = k.NewCpu("cpu1");
        CpuAccess.Run(cpu1, parent, 0, write: false);
        p.Thread("cpu0", () => CpuAccess.Run(cpu0, parent, 0, write: true));
        p.Thread("cpu1", () =>
        {
            CpuAccess.Run(cpu1, parent, 0, write: false);
            CpuAccess.Run(cpu1, parent, 0, write: false);
        });
    }
}
