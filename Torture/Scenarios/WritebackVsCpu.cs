using Torture.Model;
using Torture.Systematic;

namespace Torture.Scenarios;

/// <summary>
/// Writeback of a dirty shared page (folio_clear_dirty_for_io() -> folio_mkclean()) against a CPU
/// storing through the dirty writable entry it cached, and kswapd dropping the page if it looks
/// clean: a store must be written out, or dirty the page again (I4), and no writable entry may
/// outlive the clean (I3).
/// </summary>
public sealed class WritebackVsCpu : Scenario
{
    public override string Name => "writeback-vs-cpu";

    public override string Description =>
        "Writeback(file, [0,1)) || CpuAccess(cpu0, va0, write) through a dirty rw entry || Reclaim(file page 0) (3 threads)";

    public override IReadOnlyList<Mutant> Exposes { get; } = new[] { Mutant.MkcleanSkipsFlush, Mutant.MkcleanResultIgnored };

    protected override void Build(Kernel k, ProgramBuilder p)
    {
        var (file, mm, cpu) = Setups.SharedFileProcess(k, "file", 1);
        CpuAccess.Run(cpu, mm, 0, write: true);
        var page = mm.PageTable[0].Page;
        p.Thread("writeback", () => Writeback.Run(file, 0, 1));
        p.Thread("cpu0", () => CpuAccess.Run(cpu, mm, 0, write: true));
        p.Thread("kswapd", () => Reclaim.Run(k, page, batchFlush: false));
    }
}
