using Torture.Model;
using Xunit;

namespace Torture.Tests.Model;

/// <summary>
/// Each operation raises the mmu_notifier_event the kernel raises for it (§1.4), with the VMA it
/// acts on in the range (null where it spans several or the whole mm).
/// </summary>
public class NotifierEventTests
{
    /// <summary>A listener that records every start it is told of.</summary>
    private sealed class Recorder : MmuNotifierOps
    {
        public readonly List<MmuNotifierRange> Starts = new();
        public override string Name => "recorder";
        public override MmuNotifierOp Implements => MmuNotifierOp.InvalidateRangeStart | MmuNotifierOp.InvalidateRangeEnd;
        public override int InvalidateRangeStart(MmuNotifier sub, MmuNotifierRange range) { Starts.Add(range); return 0; }
    }

    /// <summary>A process mapping a 2-page shared file at [0,2) and anonymous memory at [2,4), every page written.</summary>
    private sealed record World(Kernel K, MmStruct Mm, AddressSpace File, Vma FileVma, Vma AnonVma, Cpu Cpu);

    private static World Build(Kernel k)
    {
        var file = k.NewFile("file", 2);
        var mm = k.NewMm("mm", 4);
        var fileVma = Mmap.Region(mm, "mm:file", 0, 2, VmFlags.Read | VmFlags.Write, file);
        var anonVma = Mmap.Region(mm, "mm:anon", 2, 4, VmFlags.Read | VmFlags.Write);
        var cpu = k.NewCpu("cpu0");
        for (int va = 0; va < 4; va++) CpuAccess.Run(cpu, mm, va, write: true);
        return new World(k, mm, file, fileVma, anonVma, cpu);
    }

    public static TheoryData<string, MmuNotifierEvent, string?> Cases() => new()
    {
        { "MadviseDontneed", MmuNotifierEvent.Clear, "mm:anon" },
        { "Reclaim", MmuNotifierEvent.Clear, "mm:file" },
        { "CowFault", MmuNotifierEvent.Clear, "mm:anon" },
        { "Munmap", MmuNotifierEvent.Unmap, null },
        { "OomReap", MmuNotifierEvent.Unmap, "mm:anon" },
        { "Mprotect", MmuNotifierEvent.ProtectionVma, "mm:file" },
        { "Fork", MmuNotifierEvent.ProtectionPage, "mm:anon" },
        { "WpSharedMappingRange", MmuNotifierEvent.ProtectionPage, "mm:file" },
        { "DirtyTrackingScan", MmuNotifierEvent.ProtectionPage, "mm:file" },
        { "Writeback", MmuNotifierEvent.ProtectionPage, "mm:file" },
        { "ClearRefsSoftDirty", MmuNotifierEvent.SoftDirty, null },
        { "KsmMerge", MmuNotifierEvent.Clear, "mm:anon" },
        { "MigratePages", MmuNotifierEvent.Clear, "mm:anon" },
    };

    private static void Act(string op, World w)
    {
        switch (op)
        {
            case "MadviseDontneed": MadviseDontneed.Run(w.Mm, 2, 3); break;
            case "Reclaim": Reclaim.Run(w.K, w.Mm.PageTable[1].Page, batchFlush: false); break;
            case "CowFault": CpuAccess.Run(w.Cpu, w.Mm, 2, write: true); break;   // after the fork below
            case "Munmap": Munmap.Run(w.Mm, 0, 3); break;
            case "OomReap": OomReap.Run(w.Mm); break;
            case "Mprotect": Mprotect.Run(w.Mm, 0, write: false); break;
            case "Fork": Fork.Run(w.Mm, "child"); break;
            case "WpSharedMappingRange": MappingDirtyHelpers.WpSharedMappingRange(w.File, 0, 2); break;
            case "DirtyTrackingScan": DirtyTrackingScan.Run(w.File); break;
            case "Writeback": Writeback.Run(w.File, 0, 2); break;
            case "ClearRefsSoftDirty": ClearRefsSoftDirty.Run(w.Mm); break;
            case "KsmMerge": KsmMerge.Run(w.Mm, 2, 3); break;
            case "MigratePages": MigratePages.Run(w.K, w.Mm.PageTable[2].Page); break;
            default: throw new ArgumentException(op);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TheOperationRaisesItsEventWithItsVma(string op, MmuNotifierEvent expected, string? vma)
    {
        Solo.Run(k =>
        {
            var w = Build(k);
            if (op == "CowFault") Fork.Run(w.Mm, "child");   // the anon page is COW-shared now
            var recorder = new Recorder();
            Assert.Equal(0, MmuNotifierRegister.Register(new MmuNotifier("rec", recorder), w.Mm, SignalPending.Never()));
            Act(op, w);
            Assert.NotEmpty(recorder.Starts);
            foreach (var range in recorder.Starts)
            {
                Assert.Equal(expected, range.Event);
                Assert.Same(w.Mm, range.Mm);
                Assert.Equal(vma, range.Vma?.Name);
            }
        });
    }

    [Fact]
    public void DeviceExclusiveNamesItsCallerAsOwnerAndTheCpuRestoreNamesNobody()
    {
        Solo.Run(k =>
        {
            var w = Build(k);
            var recorder = new Recorder();
            Assert.Equal(0, MmuNotifierRegister.Register(new MmuNotifier("rec", recorder), w.Mm, SignalPending.Never()));
            var gpu = new AtomicDevice(w.Mm, "gpu");
            Assert.Equal(0, MmuNotifierRegister.Register(gpu.Notifier, w.Mm, SignalPending.Never()));
            Assert.True(DeviceAtomic.Run(gpu, 2));
            Assert.Equal(PteKind.DeviceExclusive, w.Mm.PageTable[2].Kind);
            var made = Assert.Single(recorder.Starts);
            Assert.Equal((MmuNotifierEvent.Exclusive, "mm:anon"), (made.Event, made.Vma?.Name));
            Assert.Same(gpu, made.Owner);
            Assert.NotNull(gpu.Mapping(2));   // its own invalidation did not cost the GPU the mapping it is making
            CpuAccess.Run(w.Cpu, w.Mm, 2, write: true);
            Assert.True(w.Mm.PageTable[2] is { IsPresent: true, Write: true }, w.Mm.PageTable[2].ToString());
            var restored = recorder.Starts[^1];
            Assert.Equal(2, recorder.Starts.Count);
            Assert.Equal((MmuNotifierEvent.Exclusive, "mm:anon"), (restored.Event, restored.Vma?.Name));
            Assert.Null(restored.Owner);
            Assert.Null(gpu.Mapping(2));   // the restore is not the GPU's own event: it dropped its mapping
        });
    }

    [Fact]
    public void MigrationToDeviceMemoryAndBackNamesTheDriverAsOwner()
    {
        Solo.Run(k =>
        {
            var w = Build(k);
            var hmm = HmmMirror.Open(w.Mm, "hmm", SignalPending.Never())!;
            var other = HmmMirror.Open(w.Mm, "hmm2", SignalPending.Never())!;
            Assert.Equal(0, HmmDeviceFault.Run(hmm, 2, 3, write: true));
            Assert.Equal(0, HmmDeviceFault.Run(other, 2, 3, write: false));
            var recorder = new Recorder();
            Assert.Equal(0, MmuNotifierRegister.Register(new MmuNotifier("rec", recorder), w.Mm, SignalPending.Never()));
            var old = w.Mm.PageTable[2].Page;
            long seq = hmm.Notifier.ReadBegin();

            Assert.Equal(0, HmmMigrate.Run(hmm, 2, toDevice: true));
            var toDevice = Assert.Single(recorder.Starts);
            Assert.Equal((MmuNotifierEvent.Migrate, "mm:anon", (2, 3)), (toDevice.Event, toDevice.Vma?.Name, (toDevice.Start, toDevice.End)));
            Assert.Same(hmm, toDevice.Owner);
            var moved = w.Mm.PageTable[2];
            Assert.True(moved is { IsPresent: true, Write: true }, moved.ToString());
            Assert.Same(hmm, moved.Page.Page.Pgmap);
            Assert.False(old.IsLive);   // the system page went with the move
            Assert.True(hmm.Notifier.ReadRetry(seq));   // its own MIGRATE still moved its seq
            Assert.Equal(moved.Page, hmm.Entry(2)?.Page);   // and the driver mapped the device page itself
            Assert.Null(other.Entry(2));   // not hmm2's migration: it dropped its entry

            Assert.Equal(0, HmmMigrate.Run(hmm, 2, toDevice: false));
            var toSystem = recorder.Starts[^1];
            Assert.Equal(2, recorder.Starts.Count);
            Assert.Equal((MmuNotifierEvent.Migrate, "mm:anon"), (toSystem.Event, toSystem.Vma?.Name));
            Assert.Same(hmm, toSystem.Owner);
            Assert.True(w.Mm.PageTable[2] is { IsPresent: true } back && back.Page.Page.Pgmap is null && back.Page != moved.Page, w.Mm.PageTable[2].ToString());
            Assert.Null(hmm.Entry(2));   // erased before the copy; the device faults it in again
        });
    }

    [Fact]
    public void ClearRefsCoversTheWholeAddressSpaceAndWriteProtectsIt()
    {
        Solo.Run(k =>
        {
            var w = Build(k);
            var recorder = new Recorder();
            MmuNotifierRegister.Register(new MmuNotifier("rec", recorder), w.Mm, SignalPending.Never());
            ClearRefsSoftDirty.Run(w.Mm);
            var range = Assert.Single(recorder.Starts);
            Assert.Equal((0, 4), (range.Start, range.End));
            for (int va = 0; va < 4; va++)
                Assert.True(w.Mm.PageTable[va] is { IsPresent: true, Write: false, SoftDirty: false }, $"va{va}: {w.Mm.PageTable[va]}");
            // The next store faults and pte_mkdirty() marks the page soft-dirty again.
            CpuAccess.Run(w.Cpu, w.Mm, 0, write: true);
            Assert.True(w.Mm.PageTable[0] is { Write: true, SoftDirty: true }, w.Mm.PageTable[0].ToString());
        });
    }
}
