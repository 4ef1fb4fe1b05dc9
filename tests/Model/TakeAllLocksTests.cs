using Torture.Model;
using Torture.Scenarios;
using Torture.Systematic;
using Xunit;
using Xunit.Abstractions;

namespace Torture.Tests.Model;

/// <summary>mm_take_all_locks(): on success everything is held once; on the signal path nothing is left behind.</summary>
public class TakeAllLocksTests(ITestOutputHelper output)
{
    /// <summary>The forked child of <see cref="Setups.ForkedPair"/>: its anon VMA reaches the parent's root through two anon_vmas.</summary>
    private static (MmStruct Child, AddressSpace File, AnonVma Root) ForkedChild(Kernel k)
    {
        var (parent, child, _) = Setups.ForkedPair(k);
        return (child, k.Files[0], parent.Vmas[0].AnonVma!.Root);
    }

    [Fact]
    public void EverySignalOutcomeEitherHoldsAllLocksOrLeavesNothingBehind()
    {
        int succeeded = 0, interrupted = 0;
        var r = Solo.Exhaust("take-all-locks-signal", (k, p) =>
        {
            var (child, file, root) = ForkedChild(k);
            p.Thread("registrar", () =>
            {
                child.MmapLock.DownWrite();
                int ret = MmTakeAllLocks.Take(child, SignalPending.Maybe());
                if (ret == 0)
                {
                    succeeded++;
                    Sched.Assert(k.MmAllLocksMutex.IsHeldByCurrent, "mm_all_locks_mutex held", "test");
                    Sched.Assert(file.IMmapRwsem.IsWriteHeldByCurrent && file.MmAllLocks, "i_mmap_rwsem held for write, AS_MM_ALL_LOCKS set", "test");
                    Sched.Assert(root.Rwsem.IsWriteHeldByCurrent && root.RootMark, "anon_vma root held for write and marked", "test");
                    Sched.Assert(child.Vmas.All(VmaLock.IsWriteLocked), "every VMA write-locked", "test");
                    MmTakeAllLocks.Drop(child);
                    Sched.Assert(child.Vmas.All(VmaLock.IsWriteLocked), "VMA write locks outlive mm_drop_all_locks", "test");
                }
                else
                {
                    interrupted++;
                    Sched.Assert(ret == Errno.EINTR, $"bail-out returns -EINTR, not {ret}", "test");
                }
                Sched.Assert(!k.MmAllLocksMutex.IsLocked && !file.IMmapRwsem.IsLocked && !root.Rwsem.IsLocked, "nothing left locked", "test");
                Sched.Assert(!file.MmAllLocks && !root.RootMark, "no bit or mark left", "test");
                child.MmapWriteUnlock();
                Sched.Assert(!child.Vmas.Any(VmaLock.IsWriteLocked), "mmap_write_unlock ends the VMA write locks", "test");
            });
        }, maxSchedules: 1000);
        output.WriteLine($"{r.Iterations} signal outcomes explored: {succeeded} succeeded, {interrupted} bailed out");
        // Success: no signal comes, or one is coming but arrives after the last check.
        Assert.Equal(2, succeeded);
        // Bail-out: the signal arrives at each of the 8 checks (4 passes x 2 VMAs).
        Assert.Equal(8, interrupted);
    }

    [Fact]
    public void RegisterInterruptedBySignalAddsNoNotifier()
    {
        Solo.Exhaust("register-signal", (k, p) =>
        {
            var (child, _, _) = ForkedChild(k);
            var kvm = new Kvm(child, "kvm");
            p.Thread("qemu", () =>
            {
                int ret = MmuNotifierRegister.Register(kvm.Notifier, child, SignalPending.Maybe());
                Sched.Assert(ret == 0 == kvm.Notifier.Hashed, $"register returned {ret} with the notifier {kvm.Notifier.Node.State}", "test");
                Sched.Assert(ret == 0 || child.MmCount == 1, "a failed register takes no mm_count", "test");
            });
        }, maxSchedules: 1000);
    }

    [Fact]
    public void TwoRegistrarsOnMmsSharingLocksAreSerialisedByTheGlobalMutex()
    {
        var r = Solo.Exhaust("two-registrars", (k, p) =>
        {
            var (child, _, _) = ForkedChild(k);
            var parent = k.Mms[0];
            var a = new Kvm(parent, "kvmA");
            var b = new Kvm(child, "kvmB");
            p.Thread("qemuA", () => MmuNotifierRegister.Register(a.Notifier, parent, SignalPending.Never()));
            p.Thread("qemuB", () => MmuNotifierRegister.Register(b.Notifier, child, SignalPending.Never()));
            p.AtEnd(() => Sched.Assert(a.Notifier.Hashed && b.Notifier.Hashed, "both registered", "test"));
        }, maxSchedules: 100_000, preemptionBound: 2);
        output.WriteLine($"{r.Iterations} schedules");
    }
}
