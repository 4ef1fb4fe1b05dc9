using Torture.Invariants;
using Torture.Model;
using Torture.Scenarios;
using Torture.Systematic;
using Xunit;

namespace Torture.Tests.Model;

/// <summary>
/// A KVM fault or pfn cache refresh that gives up while an invalidation is outstanding: a liveness
/// bug when the invalidation never ends (issue 12: B13 found as the guest retrying forever).
/// </summary>
public class KvmRetryMonitorTests
{
    private static Bug? GiveUpUnder(bool endTheInvalidation, Func<Kvm, bool> waiter)
    {
        // The invariants would report the start with no end first (I6); here only the monitor speaks.
        return Solo.RunForBug(k =>
        {
            var mm = Setups.AnonProcess(k, "mm", 1);
            var kvm = Setups.Vm(mm, "kvm", 0);
            var range = new MmuNotifierRange(mm, 0, 1, MmuNotifierEvent.Clear);
            MmuNotifierInvalidate.Start(range);
            Assert.False(waiter(kvm));   // every attempt sees the invalidation in progress
            if (endTheInvalidation) MmuNotifierInvalidate.End(range);
        }, invariants: false);
    }

    [Fact]
    public void AFaultThatGaveUpUnderAnInvalidationThatNeverEndsIsALivenessBug()
    {
        var bug = GiveUpUnder(endTheInvalidation: false, kvm => KvmFault.Run(kvm, 0, write: true) == KvmFaultResult.Installed);
        Assert.NotNull(bug);
        Assert.Equal(BugKind.LivenessViolation, bug!.Kind);
        Assert.Equal("kvm: vCPU fault", bug.Check);
        Assert.Contains("the fault on gfn0 gave up after 4 attempts with mmu_invalidate_in_progress = 1", bug.Message);
        Assert.Contains("still hot when every thread has ended", bug.Message);
    }

    [Fact]
    public void ARefreshThatGaveUpUnderAnInvalidationThatNeverEndsIsALivenessBug()
    {
        var bug = GiveUpUnder(endTheInvalidation: false, kvm => KvmGpcAccess.Run(kvm, 0, write: false));
        Assert.NotNull(bug);
        Assert.Equal(BugKind.LivenessViolation, bug!.Kind);
        Assert.Equal("kvm: pfn cache refresh", bug.Check);
        Assert.Contains("gave up after 4 attempts with mn_active_invalidate_count = 1", bug.Message);
    }

    [Fact]
    public void GivingUpUnderAnInvalidationThatEndsIsQuiet()
    {
        Assert.Null(GiveUpUnder(endTheInvalidation: true, kvm => KvmFault.Run(kvm, 0, write: true) == KvmFaultResult.Installed));
        Assert.Null(GiveUpUnder(endTheInvalidation: true, kvm => KvmGpcAccess.Run(kvm, 0, write: false)));
    }

    private static TestProgram NonblockTwoListeners(params Mutant[] faults) =>
        ((Scenario)ScenarioCatalog.Find("nonblock-two-listeners")!).Program(faults, InvariantCatalog.All.Where(i => i.Name != "I6 StartEndPaired").ToList());

    /// <summary>B13 with I6 left out: the vCPU's fault gives up behind KVM's start that never gets its end.</summary>
    [Fact]
    public void EagainSkipsEndForSucceededIsFoundAsAGuestRetryingForever()
    {
        // 300: pct seeds 1-20 needed a median of 24 iterations, the worst 92 (seed 19).
        var r = Explorer.Explore(NonblockTwoListeners(Mutant.EagainSkipsEndForSucceeded),
            new ExplorationOptions { Strategy = "pct", Seed = 19, Iterations = 300 });
        Assert.NotNull(r.Found);
        Assert.Equal(BugKind.LivenessViolation, r.Found!.Bug.Kind);
        Assert.Equal("kvm: vCPU fault", r.Found.Bug.Check);
        Assert.Contains("last raised by oom_reaper", r.Found.Bug.Message);
    }

    [Fact]
    public void TheCorrectModelKeepsTheMonitorQuiet()
    {
        var r = Explorer.Explore(NonblockTwoListeners(), new ExplorationOptions { Strategy = "pct", Seed = 1, Iterations = 2000 });
        Assert.True(r.Found is null, r.Found?.Bug.ToString());
    }
}
