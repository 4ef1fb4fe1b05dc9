using Torture.Model;
using Torture.Systematic;

namespace Torture.Scenarios;

/// <summary>
/// fork() against a CPU that caches a writable translation: copy_page_range() write-protects the
/// parent's PTEs and must flush before the child can see the pages, or the CPU keeps writing into a
/// page the child now shares (the coherence oracle's stale-write check).
/// </summary>
public sealed class ForkVsCpu : Scenario
{
    public override string Name => "fork-vs-cpu";

    public override string Description =>
        "Fork(mm) || CpuAccess(cpu0, va0, write) twice through a writable TLB entry cached before the fork (2 threads)";

    public override IReadOnlyList<Mutant> Exposes { get; } = new[] { Mutant.ForkSkipsTlbFlush };

    protected override void Build(Kernel k, ProgramBuilder p)
    {
        var mm = Setups.AnonProcess(k, "mm", 2);
        var cpu = k.Cpus[0];
        p.Thread("fork", () => Fork.Run(mm, "child"));
        p.Thread("cpu0", () =>
        {
            CpuAccess.Run(cpu, mm, 0, write: true);
            CpuAccess.Run(cpu, mm, 0, write: true);
        });
    }
}
