using Torture.Model;
using Torture.Scenarios;
using Torture.Systematic;

namespace Torture.Samples;

/// <summary>
/// A scenario written outside Torture, as a user writes one: a vCPU faults a page in through KVM while
/// MADV_DONTNEED frees it. Public, deriving from Scenario, with a parameterless constructor: that is
/// all `torture run --assembly Torture.Samples.dll` needs to find it.
/// </summary>
public sealed class GuestVsDontneed : Scenario
{
    public override string Name => "sample-guest-vs-dontneed";

    public override string Description => "KvmFault(gfn0, write) || MadviseDontneed(va0); anon mm with one page, a registered VM (a user's scenario)";

    public override IReadOnlyList<Mutant> Exposes { get; } = new[] { Mutant.KvmNoRetryCheck };

    protected override void Build(Kernel k, ProgramBuilder p)
    {
        var mm = k.NewMm("mm", 1);
        Mmap.Region(mm, "mm:anon", 0, 1, VmFlags.Read | VmFlags.Write);
        CpuAccess.Run(k.NewCpu("cpu0"), mm, 0, write: true);
        var kvm = new Kvm(mm, "kvm");
        if (MmuNotifierRegister.Register(kvm.Notifier, mm, SignalPending.Never()) != 0) throw new InvalidOperationException("set-up: registering the VM failed");
        p.Thread("vcpu", () => KvmFault.Run(kvm, 0, write: true));
        p.Thread("madvise", () => MadviseDontneed.Run(mm, 0, 1));
    }
}
