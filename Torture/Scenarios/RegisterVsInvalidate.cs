using Torture.Model;
using Torture.Systematic;

namespace Torture.Scenarios;

/// <summary>
/// §6.7 "register vs invalidate" (B16-B18): KVM registers on a forked child, whose anon VMA reaches
/// the parent's anon_vma root twice, while the child takes a COW fault under its per-VMA lock and
/// kswapd reclaims the shared file page through i_mmap. The registrar may be signalled, so the
/// take-all-locks bail-out is explored too.
/// </summary>
public sealed class RegisterVsInvalidate : Scenario
{
    public override string Name => "register-vs-invalidate";

    public override string Description =>
        "Register(KVM on child, signal_pending possible) || COW fault on the child under the VMA lock || Reclaim(shared file page) via i_mmap (3 threads)";

    public override IReadOnlyList<Mutant> Exposes { get; } = new[]
    {
        Mutant.RegisterWithoutTakeAllLocks, Mutant.TakeAllLocksSkipsVmaWriteLock, Mutant.TakeAllLocksNoAlreadyLockedBit,
    };

    protected override void Build(Kernel k, ProgramBuilder p)
    {
        var (_, child, filePage) = Setups.ForkedPair(k);
        var kvm = new Kvm(child, "kvm");
        p.Thread("qemu", () => MmuNotifierRegister.Register(kvm.Notifier, child, SignalPending.Maybe()));
        p.Thread("fault", () => CpuAccess.PageFault(child, 0, write: true));
        p.Thread("kswapd", () => Reclaim.Run(k, filePage, batchFlush: false));
    }
}
