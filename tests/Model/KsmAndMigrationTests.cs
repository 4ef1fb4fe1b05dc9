using Torture.Model;
using Torture.Scenarios;
using Xunit;

namespace Torture.Tests.Model;

/// <summary>KSM merging and page migration run alone: what each leaves in the page tables, the pages and the secondary MMU.</summary>
public class KsmAndMigrationTests
{
    /// <summary>A process with two anonymous pages read-faulted by cpu0: both zero-filled.</summary>
    private static (MmStruct Mm, Cpu Cpu) TwoZeroPages(Kernel k)
    {
        var mm = k.NewMm("mm", 2);
        Mmap.Region(mm, "mm:anon", 0, 2, VmFlags.Read | VmFlags.Write);
        var cpu = k.NewCpu("cpu0");
        CpuAccess.Run(cpu, mm, 0, write: false);
        CpuAccess.Run(cpu, mm, 1, write: false);
        return (mm, cpu);
    }

    [Fact]
    public void KsmMergesIdenticalPagesIntoOneReadOnlyPageAndFreesTheOther()
    {
        Solo.Run(k =>
        {
            var (mm, _) = TwoZeroPages(k);
            var kpage = mm.PageTable[0].Page;
            var old = mm.PageTable[1].Page;
            Assert.True(KsmMerge.Run(mm, 0, 1));
            Assert.Equal(kpage, mm.PageTable[0].Page);
            Assert.Equal(kpage, mm.PageTable[1].Page);
            Assert.False(mm.PageTable[0].Write || mm.PageTable[1].Write);
            Assert.Equal((2, 2), (kpage.Page.Refcount, kpage.Page.Mapcount));
            Assert.NotNull(kpage.Page.Ksm);
            Assert.False(old.IsLive);
        });
    }

    [Fact]
    public void KsmLeavesPagesWithDifferentContentsApartAndUnmarked()
    {
        Solo.Run(k =>
        {
            var (mm, cpu) = TwoZeroPages(k);
            CpuAccess.Run(cpu, mm, 1, write: true);
            var a = mm.PageTable[0].Page;
            var b = mm.PageTable[1].Page;
            Assert.False(KsmMerge.Run(mm, 0, 1));
            Assert.Equal((a, b), (mm.PageTable[0].Page, mm.PageTable[1].Page));
            Assert.Null(a.Page.Ksm);
            Assert.True(b.IsLive);
        });
    }

    [Fact]
    public void AStoreToAMergedPageCopiesItAndTheOtherMappingKeepsTheKsmPage()
    {
        Solo.Run(k =>
        {
            var (mm, cpu) = TwoZeroPages(k);
            Assert.True(KsmMerge.Run(mm, 0, 1));
            var kpage = mm.PageTable[0].Page;
            Assert.True(CpuAccess.Run(cpu, mm, 1, write: true));
            Assert.NotEqual(kpage, mm.PageTable[1].Page);
            Assert.Equal(kpage, mm.PageTable[0].Page);
            // Even its last mapping does not reuse a KSM page: the next store copies again.
            Assert.True(CpuAccess.Run(cpu, mm, 0, write: true));
            Assert.NotEqual(kpage, mm.PageTable[0].Page);
            Assert.False(kpage.IsLive);
        });
    }

    [Fact]
    public void ReclaimFindsEveryMappingOfAKsmPageThroughItsStableNode()
    {
        Solo.Run(k =>
        {
            var (mm, _) = TwoZeroPages(k);
            Assert.True(KsmMerge.Run(mm, 0, 1));
            var kpage = mm.PageTable[0].Page;
            Assert.True(Reclaim.Run(k, kpage, batchFlush: false));
            Assert.Equal(PteKind.Swap, mm.PageTable[0].Kind);
            Assert.Equal(PteKind.Swap, mm.PageTable[1].Kind);
            Assert.False(kpage.IsLive);
        });
    }

    [Fact]
    public void KsmDoesNotMergeAPageSomeoneHoldsAReferenceTo()
    {
        Solo.Run(k =>
        {
            var (mm, _) = TwoZeroPages(k);
            var pinned = mm.PageTable[1].Page;
            k.Pages.Get(pinned, "O_DIRECT");   // a GUP user that may still write it
            Assert.False(KsmMerge.Run(mm, 0, 1));
            Assert.Equal(pinned, mm.PageTable[1].Page);
            k.Pages.Put(pinned, "O_DIRECT");
        });
    }

    [Fact]
    public void MigrationMovesAnAnonPageWithItsContentsAndDropsTheSpte()
    {
        Solo.Run(k =>
        {
            var mm = Setups.AnonProcess(k, "mm", 1);
            var kvm = Setups.Vm(mm, "kvm", 0);
            var old = mm.PageTable[0].Page;
            long contents = old.Page.Version;
            Assert.True(MigratePages.Run(k, old));
            var pte = mm.PageTable[0];
            Assert.True(pte.IsPresent && pte.Write);
            Assert.NotEqual(old, pte.Page);
            Assert.Equal(contents, pte.Page.Page.Version);
            Assert.Equal((1, 1), (pte.Page.Page.Refcount, pte.Page.Page.Mapcount));
            Assert.False(old.IsLive);
            Assert.Null(kvm.Sptes[0]);
        });
    }

    [Fact]
    public void MigrationMovesAFilePageInThePageCacheWithItsDirtyBit()
    {
        Solo.Run(k =>
        {
            var (file, mm, cpu) = Setups.SharedFileProcess(k, "file", 1);
            CpuAccess.Run(cpu, mm, 0, write: true);
            var old = mm.PageTable[0].Page;
            Assert.True(MigratePages.Run(k, old));
            var moved = file.CachedPage(0)!.Value;
            Assert.Equal(moved, mm.PageTable[0].Page);
            Assert.True(moved.Page.Has(PageFlags.Dirty));   // the PTE's dirty bit went to the page, then moved with it
            Assert.Equal((2, 1), (moved.Page.Refcount, moved.Page.Mapcount));
            Assert.False(old.IsLive);
        });
    }

    [Fact]
    public void MigrationOfAPinnedPageFailsAndMapsTheOldPageBack()
    {
        Solo.Run(k =>
        {
            var mm = Setups.AnonProcess(k, "mm", 1);
            var old = mm.PageTable[0].Page;
            k.Pages.Get(old, "O_DIRECT");
            Assert.False(MigratePages.Run(k, old));
            Assert.Equal(old, mm.PageTable[0].Page);
            Assert.True(mm.PageTable[0].Write);
            Assert.Equal((2, 1), (old.Page.Refcount, old.Page.Mapcount));
            k.Pages.Put(old, "O_DIRECT");
        });
    }
}
