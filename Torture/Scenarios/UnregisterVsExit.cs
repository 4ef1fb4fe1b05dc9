using Torture.Model;
using Torture.Systematic;

namespace Torture.Scenarios;

/// <summary>
/// §6.7 "unregister vs exit" (B2-B4): the VM is destroyed (unregister, then free) while the process
/// exits (exit_mmap: release first) and kswapd reclaims one of the pages the VM maps.
/// </summary>
public sealed class UnregisterVsExit : Scenario
{
    public override string Name => "unregister-vs-exit";

    public override string Description =>
        "KvmDestroyVm (unregister + free) || mmput -> ExitMmap || Reclaim(anon page 0); KVM maps both pages (3 threads)";

    public override IReadOnlyList<Mutant> Exposes { get; } = new[]
    {
        Mutant.UnregisterDelBeforeRelease, Mutant.UnregisterUsesHlistDelRcu, Mutant.UnregisterNoSynchronize, Mutant.ReleaseNoSynchronizeSrcu,
    };

    protected override void Build(Kernel k, ProgramBuilder p)
    {
        var mm = Setups.AnonProcess(k, "mm", 2);
        var kvm = Setups.Vm(mm, "kvm", 0, 1);
        var target = mm.PageTable[0].Page;
        p.Thread("kvm-destroy", () => KvmDestroyVm.Run(kvm));
        p.Thread("exit", () => MmLifetime.Mmput(mm));
        p.Thread("kswapd", () => Reclaim.Run(k, target, batchFlush: false));
    }
}
