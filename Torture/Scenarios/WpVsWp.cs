using Torture.Model;
using Torture.Systematic;

namespace Torture.Scenarios;

/// <summary>
/// Two wp_shared_mapping_range() calls on one page against a CPU that caches it writable: the
/// second may find the PTE already read-only and change nothing, yet must not return while the
/// first one's stale writable entry lives (inc_tlb_flush_pending / mm_tlb_flush_nested).
/// </summary>
public sealed class WpVsWp : Scenario
{
    public override string Name => "wp-vs-wp";

    public override string Description =>
        "WpSharedMappingRange(file, [0,1)) twice || CpuAccess(cpu0, va0, write) through a dirty rw entry (3 threads)";

    public override IReadOnlyList<Mutant> Exposes { get; } = new[] { Mutant.PostVmaSkipsTlbFlush, Mutant.WpSkipsIncTlbFlushPending };

    protected override void Build(Kernel k, ProgramBuilder p)
    {
        var (file, mm, cpu) = Setups.SharedFileProcess(k, "file", 1);
        CpuAccess.Run(cpu, mm, 0, write: true);
        p.Thread("wpA", () => MappingDirtyHelpers.WpSharedMappingRange(file, 0, 1));
        p.Thread("wpB", () => MappingDirtyHelpers.WpSharedMappingRange(file, 0, 1));
        p.Thread("cpu0", () => CpuAccess.Run(cpu, mm, 0, write: true));
    }
}
