using Torture.Model;
using Torture.Scenarios;
using Xunit;

namespace Torture.Tests.Model;

/// <summary>Pages, faults, the gather, reclaim and COW, run alone (no concurrency).</summary>
public class PageLifecycleTests
{
    [Fact]
    public void AnonFaultMapsAPageAndZapFreesIt()
    {
        Solo.Run(k =>
        {
            var mm = Setups.AnonProcess(k, "mm", 2);
            var p0 = mm.PageTable[0].Page;
            Assert.True(p0.IsLive);
            Assert.Equal((1, 1), (p0.Page.Refcount, p0.Page.Mapcount));
            MadviseDontneed.Run(mm, 0, 2);
            Assert.Equal(PteKind.None, mm.PageTable[0].Kind);
            Assert.False(p0.IsLive);
            Assert.True(p0.Page.Freed);
        });
    }

    [Fact]
    public void AFreedFrameIsReusedWithANewGeneration()
    {
        Solo.Run(k =>
        {
            var mm = Setups.AnonProcess(k, "mm", 1);
            var before = mm.PageTable[0].Page;
            MadviseDontneed.Run(mm, 0, 1);
            Assert.Equal(VmFault.Done, CpuAccess.PageFault(mm, 0, write: true));
            var after = mm.PageTable[0].Page;
            Assert.Same(before.Page, after.Page);   // LIFO free list: the same frame comes back
            Assert.NotEqual(before.Generation, after.Generation);
            Assert.False(before.IsLive);
            Assert.True(after.IsLive);
        });
    }

    [Fact]
    public void UseOfAStaleReferenceIsReportedAsUseAfterFree()
    {
        var bug = Solo.RunForBug(k =>
        {
            var mm = Setups.AnonProcess(k, "mm", 1);
            var stale = mm.PageTable[0].Page;
            MadviseDontneed.Run(mm, 0, 1);
            k.Pages.Access(stale, write: true, "test");
        });
        Assert.Equal("I5 RefcountBalance", bug?.Check);
        Assert.Contains("use-after-free", bug!.Message);
    }

    [Fact]
    public void ReclaimFreesAnUnpinnedFilePageButKeepsAPinnedOne()
    {
        Solo.Run(k =>
        {
            var file = k.NewFile("file", 2);
            var mm = k.NewMm("mm", 2);
            Mmap.Region(mm, "mm:file", 0, 2, VmFlags.Read | VmFlags.Write, file);
            CpuAccess.PageFault(mm, 0, write: false);
            CpuAccess.PageFault(mm, 1, write: false);
            var p0 = mm.PageTable[0].Page;
            var p1 = mm.PageTable[1].Page;
            Assert.Equal(2, p0.Page.Refcount);   // the page cache and the mapping

            Assert.True(Reclaim.Run(k, p0, batchFlush: true));
            Assert.False(p0.IsLive);
            Assert.Null(file.CachedPage(0));

            var pin = GetUserPages.Run(mm, 1, write: false, "test", out _);
            Assert.Equal(p1, pin);
            Assert.False(Reclaim.Run(k, p1, batchFlush: false));   // the GUP reference defeats the refcount freeze
            Assert.True(p1.IsLive);
            Assert.Equal(PteKind.None, mm.PageTable[1].Kind);
            k.Pages.Put(p1, "test");
            Assert.True(p1.IsLive);                                // still in the page cache
        });
    }

    [Fact]
    public void AnonReclaimLeavesASwapEntryThatFaultsBackTheContents()
    {
        Solo.Run(k =>
        {
            var mm = Setups.AnonProcess(k, "mm", 1);
            var cpu = k.Cpus[0];
            Assert.True(CpuAccess.Run(cpu, mm, 0, write: true));
            var page = mm.PageTable[0].Page;
            long version = page.Page.Version;
            Assert.True(Reclaim.Run(k, page, batchFlush: true));
            Assert.Equal(PteKind.Swap, mm.PageTable[0].Kind);
            Assert.Empty(cpu.Tlb);   // flushed before the free
            Assert.True(CpuAccess.Run(cpu, mm, 0, write: false));
            Assert.Equal(version, mm.PageTable[0].Page.Page.Version);
        });
    }

    [Fact]
    public void CowAfterForkCopiesAndDropsTheSharedPage()
    {
        Solo.Run(k =>
        {
            var parent = Setups.AnonProcess(k, "mmA", 1);
            var shared = parent.PageTable[0].Page;
            var child = Fork.Run(parent, "mmB");
            Assert.Equal((2, 2), (shared.Page.Refcount, shared.Page.Mapcount));
            Assert.False(parent.PageTable[0].Write);
            Assert.Same(parent.Vmas[0].AnonVma!.Root, child.Vmas[0].AnonVma!.Root);
            Assert.Equal(2, child.Vmas[0].AnonVmaChain.Count);

            Assert.Equal(VmFault.Done, CpuAccess.PageFault(child, 0, write: true));
            var copy = child.PageTable[0].Page;
            Assert.NotEqual(shared, copy);
            Assert.True(child.PageTable[0].Write);
            Assert.Equal((1, 1), (shared.Page.Refcount, shared.Page.Mapcount));

            Assert.Equal(VmFault.Done, CpuAccess.PageFault(parent, 0, write: true));   // now exclusive: reused in place
            Assert.Equal(shared, parent.PageTable[0].Page);
            Assert.True(parent.PageTable[0].Write);
        });
    }

    [Fact]
    public void MunmapUnmapsFreesAndUnlinks()
    {
        Solo.Run(k =>
        {
            var mm = Setups.AnonProcess(k, "mm", 2);
            var av = mm.Vmas[0].AnonVma!;
            var kvm = Setups.Vm(mm, "kvm");
            Assert.Equal(KvmFaultResult.Installed, KvmFault.Run(kvm, 0, write: true));
            Munmap.Run(mm, 0, 2);
            Assert.Empty(mm.Vmas);
            Assert.Empty(av.Vmas);
            Assert.Null(kvm.Sptes[0]);
            Assert.All(k.Pages.Frames, p => Assert.True(p.Freed));
            Assert.Equal(VmFault.Sigsegv, CpuAccess.PageFault(mm, 0, write: false));
        });
    }

    [Fact]
    public void ExitMmapReleasesTheListenerFirstAndFreesEverything()
    {
        Solo.Run(k =>
        {
            var mm = Setups.AnonProcess(k, "mm", 2);
            var kvm = Setups.Vm(mm, "kvm");
            KvmFault.Run(kvm, 1, write: true);
            MmLifetime.Mmput(mm);
            Assert.Null(kvm.Sptes[1]);
            Assert.False(kvm.Notifier.Hashed);
            Assert.All(k.Pages.Frames, p => Assert.True(p.Freed));
            Assert.False(mm.Freed);   // KVM's mmgrab keeps the mm_struct
            KvmDestroyVm.Run(kvm);
            Assert.True(mm.Freed);
            Assert.Null(mm.NotifierSubscriptions);
        });
    }
}
