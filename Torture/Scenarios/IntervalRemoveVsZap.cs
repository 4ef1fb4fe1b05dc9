using Torture.Model;
using Torture.Systematic;

namespace Torture.Scenarios;

/// <summary>
/// §6.7 "interval remove vs invalidate": a mirror is closed while a zap's invalidation is running
/// and a second mirror opens: the remove and the insert are deferred to the last mn_itree_inv_end(),
/// and remove must not return before the tree let go of the notifier its caller frees.
/// </summary>
public sealed class IntervalRemoveVsZap : Scenario
{
    public override string Name => "interval-remove-vs-zap";

    public override string Description =>
        "HmmDeviceClose(hmm) || MadviseDontneed(va0) || open hmm2 then HmmDeviceFault(hmm2, va0); anon mm (3 threads)";

    public override IReadOnlyList<Mutant> Exposes { get; } = new[] { Mutant.IntervalRemoveLocklessWait };

    protected override void Build(Kernel k, ProgramBuilder p)
    {
        var mm = Setups.AnonProcess(k, "mm", 1);
        var hmm = Setups.Mirror(mm, "hmm", 0);
        p.Thread("close", () => HmmDeviceClose.Run(hmm));
        p.Thread("madvise", () => MadviseDontneed.Run(mm, 0, 1));
        p.Thread("open", () =>
        {
            // The opener is a task of the process: it holds mm_users, as insert requires.
            if (HmmMirror.Open(mm, "hmm2", SignalPending.Never()) is { } hmm2) HmmDeviceFault.Run(hmm2, 0, 1, write: false);
        });
    }
}
