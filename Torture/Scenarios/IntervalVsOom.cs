using Torture.Model;
using Torture.Systematic;

namespace Torture.Scenarios;

/// <summary>
/// The has_itree branch of a non-blockable start: the OOM reaper's invalidation meets an HMM mirror
/// whose fault holds its lock, or a list listener whose work holds its own. A refusing mirror must
/// make the core return -EAGAIN before any list listener (KVM) gets a start the reaper will never
/// end; a refusing list listener must not leave the intervals' invalidation begun.
/// </summary>
public sealed class IntervalVsOom : Scenario
{
    public override string Name => "interval-vs-oom";

    public override string Description =>
        "OomReap (non-blockable start) || HmmDeviceFault(hmm, va0, write) then HmmDeviceFault(hmm, va1) || device work holding dev->lock; listeners: an HMM mirror, KVM and a trylock driver (3 threads)";

    public override IReadOnlyList<Mutant> Exposes { get; } = new[] { Mutant.ItreeEagainStartsHlist, Mutant.NonblockCallerIgnoresEagain };

    protected override void Build(Kernel k, ProgramBuilder p)
    {
        var mm = Setups.AnonProcess(k, "mm", 2);
        var kvm = Setups.Vm(mm, "kvm", 1);
        var hmm = Setups.Mirror(mm, "hmm");
        var dev = Setups.Registered(new TrylockDevice("dev", mm));
        p.Thread("oom_reaper", () => OomReap.Run(mm));
        p.Thread("hmm", () =>
        {
            HmmDeviceFault.Run(hmm, 0, 1, write: true);
            HmmDeviceFault.Run(hmm, 1, 2, write: false);
        });
        p.Thread("dev", dev.Work);
    }
}
