using Torture.Model;
using Torture.Systematic;

namespace Torture.Scenarios;

/// <summary>
/// §5 B8: KVM writes guest page gfn0 through its gfn_to_pfn_cache (refreshing it first) while
/// madvise(DONTNEED) zaps and frees that page: only the invalidation of the cache at start keeps KVM
/// from writing a freed page through a pfn the cache holds no reference to.
/// </summary>
public sealed class GpcVsZap : Scenario
{
    public override string Name => "gpc-vs-zap";

    public override string Description =>
        "KvmGpcAccess(gfn0, write) twice || MadviseDontneed([0,1)); anon mm, KVM registered (2 threads)";

    public override IReadOnlyList<Mutant> Exposes { get; } = new[] { Mutant.SideCacheIgnoresRangeStart, Mutant.KvmEndDecBeforeSeqInc };

    protected override void Build(Kernel k, ProgramBuilder p)
    {
        var mm = Setups.AnonProcess(k, "mm", 2);
        var kvm = Setups.Vm(mm, "kvm");
        p.Thread("kvm", () =>
        {
            KvmGpcAccess.Run(kvm, 0, write: true);
            KvmGpcAccess.Run(kvm, 0, write: true);
        });
        p.Thread("madvise", () => MadviseDontneed.Run(mm, 0, 1));
    }
}
