using Torture.Model;
using Torture.Systematic;

namespace Torture.Scenarios;

/// <summary>
/// §6.7 "non-blocking OOM" (B13): the OOM reaper invalidates without sleeping while a driver holds
/// its device lock, so the driver's start fails with -EAGAIN after KVM's succeeded; a vCPU faults meanwhile.
/// </summary>
public sealed class NonblockTwoListeners : Scenario
{
    public override string Name => "nonblock-two-listeners";

    public override string Description =>
        "OomReap (non-blockable start) || GuestAccess(gfn0, write) || device work holding dev->lock; listeners: KVM and a trylock driver (3 threads)";

    public override IReadOnlyList<Mutant> Exposes { get; } = new[] { Mutant.EagainSkipsEndForSucceeded, Mutant.NonblockListenerSleeps };

    protected override void Build(Kernel k, ProgramBuilder p)
    {
        var mm = Setups.AnonProcess(k, "mm", 2);
        var kvm = Setups.Vm(mm, "kvm", 1);
        var dev = Setups.Registered(new TrylockDevice("dev", mm));
        p.Thread("oom_reaper", () => OomReap.Run(mm));
        p.Thread("vcpu", () => GuestAccess.Run(kvm, 0, write: true));
        p.Thread("dev", dev.Work);
    }
}
