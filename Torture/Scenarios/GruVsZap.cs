using Torture.Model;
using Torture.Systematic;

namespace Torture.Scenarios;

/// <summary>
/// §2.10, §6.5 GRU-like: a GRU context takes a TLB miss on va0 and then detaches (the last put of its
/// process's gms) while madvise(DONTNEED) zaps both pages: the dropin must not cache a page the zap
/// freed, and the gms must outlive the zap's walk of the notifier list.
/// </summary>
public sealed class GruVsZap : Scenario
{
    public override string Name => "gru-vs-zap";

    public override string Description =>
        "GruDropin(va0, write) then GruDetach || MadviseDontneed([0,2)); anon mm, one GRU context attached with a TLB entry on va1 (2 threads)";

    public override IReadOnlyList<Mutant> Exposes { get; } = new[] { Mutant.GruCountOnly, Mutant.PutFreesWithoutGracePeriod };

    protected override void Build(Kernel k, ProgramBuilder p)
    {
        var mm = Setups.AnonProcess(k, "mm", 2);
        var gru = new GruContext(mm, "gru");
        if (!GruOps.Attach(gru) || !GruOps.Dropin(gru, 1, write: true)) throw new InvalidOperationException("set-up: the GRU context could not attach and map va1");
        p.Thread("gru", () =>
        {
            GruOps.Dropin(gru, 0, write: true);
            GruOps.Detach(gru);
        });
        p.Thread("madvise", () => MadviseDontneed.Run(mm, 0, 2));
    }
}
