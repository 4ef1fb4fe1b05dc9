using Torture.Model;
using Torture.Systematic;

namespace Torture.Scenarios;

/// <summary>
/// Two registrars at once on a parent and its forked child, which share a file and an anon_vma
/// root: both mm_take_all_locks() meet the same i_mmap_rwsem and anon_vma rwsem, while kswapd
/// reclaims the shared file page (B18, the reason for mm_all_locks_mutex).
/// </summary>
public sealed class RegisterVsRegister : Scenario
{
    public override string Name => "register-vs-register";

    public override string Description =>
        "Register(KVM on parent) || Register(KVM on child) || Reclaim(shared file page); the mms share a file and an anon_vma root (3 threads)";

    public override IReadOnlyList<Mutant> Exposes { get; } = new[] { Mutant.TakeAllLocksNoGlobalMutex };

    protected override void Build(Kernel k, ProgramBuilder p)
    {
        var (parent, child, filePage) = Setups.ForkedPair(k);
        var kvmA = new Kvm(parent, "kvmA");
        var kvmB = new Kvm(child, "kvmB");
        p.Thread("qemuA", () => MmuNotifierRegister.Register(kvmA.Notifier, parent, SignalPending.Never()));
        p.Thread("qemuB", () => MmuNotifierRegister.Register(kvmB.Notifier, child, SignalPending.Never()));
        p.Thread("kswapd", () => Reclaim.Run(k, filePage, batchFlush: false));
    }
}
