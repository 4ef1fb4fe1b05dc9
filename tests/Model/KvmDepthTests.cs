using Torture.Model;
using Torture.Scenarios;
using Torture.Systematic;
using Xunit;

namespace Torture.Tests.Model;

/// <summary>KVM's memslots, its pfn cache, its internal zap, and GUP-fast against fork (issue 10, item 4 and 6).</summary>
public class KvmDepthTests
{
    [Fact]
    public void DeletingTheMemslotZapsItsSptesAndFaultsFailUntilItIsCreatedAgain()
    {
        Solo.Run(k =>
        {
            var mm = Setups.AnonProcess(k, "mm", 2);
            var kvm = Setups.Vm(mm, "kvm", 0, 1);
            Assert.Equal(0, KvmSetMemoryRegion.Run(kvm, delete: true));
            Assert.Equal(MemslotState.Absent, kvm.Memslot);
            Assert.All(kvm.Sptes, s => Assert.Null(s));
            Assert.Equal(KvmFaultResult.Error, KvmFault.Run(kvm, 0, write: true));
            Assert.Equal(Errno.EINVAL, KvmSetMemoryRegion.Run(kvm, delete: true));
            // A range outside every memslot leaves in_progress alone, start and end alike.
            MadviseDontneed.Run(mm, 0, 1);
            Assert.Equal(0, kvm.MmuInvalidateInProgress);
            Assert.Equal(0, KvmSetMemoryRegion.Run(kvm, delete: false));
            Assert.Equal(Errno.EEXIST, KvmSetMemoryRegion.Run(kvm, delete: false));
            Assert.Equal(KvmFaultResult.Installed, KvmFault.Run(kvm, 0, write: true));
            Assert.Equal(0, kvm.MnActiveInvalidateCount);
        });
    }

    [Fact]
    public void ThePfnCacheHoldsNoReferenceAndTheZapsStartDropsIt()
    {
        Solo.Run(k =>
        {
            var mm = Setups.AnonProcess(k, "mm", 2);
            var kvm = Setups.Vm(mm, "kvm");
            var page = mm.PageTable[0].Page;
            int refs = page.Page.Refcount;
            Assert.True(KvmGpcAccess.Run(kvm, 0, write: true));
            Assert.True(kvm.Gpc.Valid);
            Assert.Equal(page, kvm.Gpc.Pfn);
            Assert.Equal(refs, page.Page.Refcount);
            MadviseDontneed.Run(mm, 0, 1);
            Assert.False(kvm.Gpc.Valid);
            Assert.True(page.Page.Freed);
            // The next use refreshes onto the page the access faults in.
            Assert.True(KvmGpcAccess.Run(kvm, 0, write: false));
            Assert.Equal(mm.PageTable[0].Page, kvm.Gpc.Pfn);
        });
    }

    [Fact]
    public void ARefreshDoesNotKeepAPfnWhileAnInvalidationIsActive()
    {
        Solo.Run(k =>
        {
            var mm = Setups.AnonProcess(k, "mm", 1);
            var kvm = Setups.Vm(mm, "kvm");
            var page = mm.PageTable[0].Page;
            int refs = page.Page.Refcount;
            // As an invalidation between its start and end leaves it: the cache was invalidated before
            // in_progress rose, so only this count tells the refresh its lookup may be stale.
            kvm.MnActiveInvalidateCount = 1;
            Assert.False(KvmGpcAccess.Run(kvm, 0, write: false));
            Assert.False(kvm.Gpc.Valid);
            Assert.Equal(refs, page.Page.Refcount);
            kvm.MnActiveInvalidateCount = 0;
            Assert.True(KvmGpcAccess.Run(kvm, 0, write: false));
        }, invariants: false);
    }

    [Fact]
    public void AnInternalZapMakesAFaultThatDecidedBeforeItRetry()
    {
        var options = new ExplorationOptions { Strategy = "dfs", PreemptionBound = 2, Iterations = 10_000 };
        var scenario = ScenarioCatalog.Find("internal-zap-vs-fault")!;
        var clean = Explorer.Explore(scenario.Program(Array.Empty<Mutant>()), options);
        Assert.Null(clean.Found);
        Assert.True(clean.Exhausted);
        var broken = Explorer.Explore(scenario.Program(new[] { Mutant.InternalZapNoBeginEnd }), options with { Faults = new[] { nameof(Mutant.InternalZapNoBeginEnd) } });
        Assert.Equal("I2 NoStaleSecondary", broken.Found?.Bug.Check);
        Assert.Contains("internal zap replaced", broken.Found!.Bug.Message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AGupFastPinDuringForksCopyTakesTheSlowPath(bool pin)
    {
        // The slow path takes mmap_lock for read; the test thread holds it for write, as fork does, so
        // a pin that (rightly) falls back recurses on it, and a plain GUP-fast does not.
        var bug = Solo.RunForBug(k =>
        {
            var mm = Setups.AnonProcess(k, "mm", 1);
            mm.MmapLock.DownWrite();
            mm.WriteProtectSeq++;   // raw_write_seqcount_begin() in copy_page_range()
            var page = GetUserPages.Run(mm, 0, write: false, "test", out _, pin);
            Assert.NotNull(page);
            k.Pages.Put(page.Value, "test");
            mm.WriteProtectSeq++;
            mm.MmapWriteUnlock();
        }, invariants: false);
        if (!pin)
        {
            Assert.Null(bug);
            return;
        }
        // Lockdep sees the recursion before the wait: either way, the pin went for mmap_lock.
        Assert.True(bug is { Kind: BugKind.Deadlock or BugKind.LockOrderInversion }, bug?.ToString());
        Assert.Contains("mmap_lock", bug!.Message);
    }
}
