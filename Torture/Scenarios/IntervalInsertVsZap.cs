using Torture.Model;
using Torture.Systematic;

namespace Torture.Scenarios;

/// <summary>
/// §2.9 insert against an invalidation: a second HMM mirror opens (inserts its interval notifier)
/// while MADV_DONTNEED's invalidation walks the tree without the lock, calling the first mirror's
/// invalidate: the insert must wait on the deferred list until the last end.
/// </summary>
public sealed class IntervalInsertVsZap : Scenario
{
    public override string Name => "interval-insert-vs-zap";

    public override string Description =>
        "HmmDeviceOpen(hmm1) || MadviseDontneed([0,2)); anon mm, HMM mirror hmm0 open with its device table mapped (2 threads)";

    public override IReadOnlyList<Mutant> Exposes { get; } = new[] { Mutant.IntervalInsertNoDefer };

    protected override void Build(Kernel k, ProgramBuilder p)
    {
        var mm = Setups.AnonProcess(k, "mm", 2);
        Setups.Mirror(mm, "hmm0", 0, 1);
        var second = HmmMirror.Create(mm, "hmm1");
        p.Thread("open", () => HmmDeviceOpen.Run(second));
        p.Thread("madvise", () => MadviseDontneed.Run(mm, 0, 2));
    }
}
