using Torture.Model;
using Torture.Systematic;

namespace Torture.Scenarios;

/// <summary>
/// §2.9 the interval notifier's read side against a zap: an HMM mirror faults a page in through
/// hmm_range_fault() while MADV_DONTNEED frees it and a CPU faults a new one in. The mirror may map
/// what it read only if read_retry, under its lock, says no invalidation ran since read_begin.
/// </summary>
public sealed class HmmVsZap : Scenario
{
    public override string Name => "hmm-vs-zap";

    public override string Description =>
        "HmmDeviceFault(hmm, va0, write) then HmmDeviceAccess(hmm, va0, read) || MadviseDontneed(va0) || CpuAccess(cpu0, va0, write); anon mm, an HMM mirror (3 threads)";

    public override IReadOnlyList<Mutant> Exposes { get; } = new[] { Mutant.HmmSkipSetSeq, Mutant.HmmRetryWithoutUserLock, Mutant.HmmAllocatesUnderMirrorLock };

    protected override void Build(Kernel k, ProgramBuilder p)
    {
        var mm = Setups.AnonProcess(k, "mm", 1);
        var cpu = k.Cpus[0];
        var hmm = Setups.Mirror(mm, "hmm");
        p.Thread("dev", () =>
        {
            HmmDeviceFault.Run(hmm, 0, 1, write: true);
            HmmDeviceAccess.Run(hmm, 0, write: false);
        });
        p.Thread("madvise", () => MadviseDontneed.Run(mm, 0, 1));
        p.Thread("cpu0", () => CpuAccess.Run(cpu, mm, 0, write: true));
    }
}
