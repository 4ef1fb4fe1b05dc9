using Torture.Model;
using Torture.Scenarios;
using Torture.Systematic;
using Xunit;
using Xunit.Abstractions;

namespace Torture.Tests.Model;

/// <summary>
/// The kernel's non-blocking rules in the model: non_block_start/end around non-blockable callbacks,
/// might_sleep in what may sleep, and lockdep's invalidate_range_start map primed under fs_reclaim.
/// </summary>
public class NonBlockingRulesTests(ITestOutputHelper output)
{
    private static ExplorationResult Explore(Mutant m, ulong seed, long iterations, bool lockOrder = true)
    {
        var e = MutantExpectations.For(m);
        var program = ScenarioCatalog.Find(e.Scenario)!.Program(new[] { m });
        return Explorer.Explore(program, e.Options(iterations, seed) with { LockOrder = lockOrder });
    }

    [Fact]
    public void AListenerSleepingInTheReapersStartIsItsOwnBugKindNeverADeadlock()
    {
        for (ulong seed = 1; seed <= 20; seed++)
        {
            var bug = Explore(Mutant.NonblockListenerSleeps, seed, MutantExpectations.For(Mutant.NonblockListenerSleeps).Budget).Found?.Bug;
            Assert.NotNull(bug);
            Assert.Equal(BugKind.SleepInAtomic, bug!.Kind);
            Assert.Contains("dev->lock[dev] (mutex_lock) inside non_block_start() (dev-notifier's invalidate_range_start(UNMAP", bug.Message);
        }
    }

    [Fact]
    public void TheAllocationUnderTheMirrorLockIsReportedFromSchedulesThatNeverDeadlock()
    {
        var found = Explore(Mutant.HmmAllocatesUnderMirrorLock, 1, 10).Found;
        Assert.NotNull(found);
        Assert.Equal(BugKind.LockOrderInversion, found!.Bug.Kind);
        output.WriteLine(found.Bug.Message);
        Assert.Contains("dmirror->mutex -> fs_reclaim", found.Bug.Message);
        Assert.Contains("fs_reclaim -> mmu_notifier_invalidate_range_start", found.Bug.Message);
        // Without lockdep the same program runs clean: no schedule deadlocks or breaks an invariant,
        // so only the pseudo-lock can see the inversion.
        var e = MutantExpectations.For(Mutant.HmmAllocatesUnderMirrorLock);
        var quiet = Explorer.Explore(ScenarioCatalog.Find(e.Scenario)!.Program(new[] { Mutant.HmmAllocatesUnderMirrorLock }),
            new ExplorationOptions { Strategy = "dfs", PreemptionBound = 2, Iterations = 60_000, LockOrder = false, Faults = new[] { nameof(Mutant.HmmAllocatesUnderMirrorLock) } });
        output.WriteLine($"lockdep off: {quiet.Iterations} schedules, exhausted={quiet.Exhausted}");
        Assert.Null(quiet.Found);
        Assert.True(quiet.Exhausted);
    }

    [Fact]
    public void AnSrcuCallbackRunsWhereItMustNotSleep()
    {
        var bug = Solo.RunForBug(k =>
        {
            int id = k.Srcu.ReadLock();
            k.Srcu.CallSrcu(() =>
            {
                k.MmAllLocksMutex.Lock();
                k.MmAllLocksMutex.Unlock();
            });
            k.Srcu.ReadUnlock(id);
        });
        Assert.Equal(BugKind.SleepInAtomic, bug?.Kind);
        Assert.Contains("an SRCU callback", bug!.Message);
    }

    [Fact]
    public void TheBlockableStartMaySleepAndTheReapersMayNot()
    {
        Solo.Run(k =>
        {
            var mm = Setups.AnonProcess(k, "mm", 1);
            var dev = Setups.Registered(new TrylockDevice("dev", mm));
            MadviseDontneed.Run(mm, 0, 1);   // a blockable start: the driver's mutex_lock is fine
        });
        var bug = Solo.RunForBug(k =>
        {
            var mm = Setups.AnonProcess(k, "mm", 1);
            Setups.Registered(new TrylockDevice("dev", mm));
            OomReap.Run(mm);
        }, faults: new[] { Mutant.NonblockListenerSleeps });
        Assert.Equal(BugKind.SleepInAtomic, bug?.Kind);
    }
}
