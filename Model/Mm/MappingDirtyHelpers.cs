namespace Torture.Model;

/// <summary>
/// mm/mapping_dirty_helpers.c: write-protect or clean every PTE of a shared file range in every
/// process that maps it, for drivers that track dirty pages themselves (DRM coherent memory, seed 003).
/// </summary>
public static class MappingDirtyHelpers
{
    /// <summary>wp_shared_mapping_range(): write-protect [first, first + nr); the number of PTEs changed.</summary>
    [Operation("WpSharedMappingRange", PinsMm = false)]
    public static int WpSharedMappingRange(AddressSpace file, int start, int end)
    {
        var walk = new WpWalk(file.Kernel, "wp_shared_mapping_range");
        Walk(file, start, end, walk);
        return walk.Total;
    }

    /// <summary>
    /// clean_record_shared_mapping_range(): clean the dirty PTEs of [first, first + nr) and set the
    /// page's bit in <paramref name="bitmap"/> (indexed from <paramref name="bitmapPgoff"/>) for
    /// each one cleaned. <paramref name="onRecord"/> is for the mutant that copies too early.
    /// </summary>
    public static int CleanRecordSharedMappingRange(AddressSpace file, int first, int nr, bool[] bitmap, int bitmapPgoff, Action<int>? onRecord = null)
    {
        var walk = new CleanRecordWalk(file.Kernel, bitmap, bitmapPgoff, onRecord);
        Walk(file, first, first + nr, walk);
        return walk.Total;
    }

    // Both helpers hold i_mmap_rwsem for read around the walk and no mmap_lock (§4).
    private static void Walk(AddressSpace file, int start, int end, WpWalk walk)
    {
        file.IMmapRwsem.DownRead();
        PageWalk.WalkPageMapping(file, start, end - start, walk);
        file.IMmapRwsem.UpRead();
    }

    /// <summary>struct wp_walk and the pre/post VMA callbacks both helpers share.</summary>
    private class WpWalk(Kernel k, string what) : MmWalkOps
    {
        private readonly long began = k.Tick();
        private MmuNotifierRange? range;
        private int flushStart, flushEnd;

        public int Total { get; private set; }

        protected Kernel Kernel => k;

        /// <summary>Whether the walk promises read-only PTEs when it is done (cleaning alone does not).</summary>
        protected virtual bool WriteProtects => true;

        // wp_clean_test_walk(): only shared mappings that may be written.
        public override bool SkipVma(Vma vma) => (vma.Flags & (VmFlags.Shared | VmFlags.MayWrite)) != (VmFlags.Shared | VmFlags.MayWrite);

        // wp_clean_pre_vma(): listeners drop their translations before the first PTE changes (R1),
        // then the pending count tells a concurrent batcher that stale entries may exist.
        public override void PreVma(Vma vma, int start, int end)
        {
            flushStart = end;
            flushEnd = start;
            range = new MmuNotifierRange(vma.Mm, start, end, MmuNotifierEvent.ProtectionPage, vma);
            MmuNotifierInvalidate.Start(range);
            if (!k.Faults.On(Mutant.WpSkipsIncTlbFlushPending)) vma.Mm.IncTlbFlushPending();
        }

        // wp_pte()
        public override void PteEntry(Vma vma, int va)
        {
            var pte = vma.Mm.PageTable[va];
            if (!pte.IsPresent || !pte.Write) return;
            vma.Mm.PageTable.Set(va, pte.Wrprotect());   // ptep_modify_prot_start/commit: no flush yet
            Changed(va);
        }

        protected void Changed(int va)
        {
            Total++;
            flushStart = Math.Min(flushStart, va);
            flushEnd = Math.Max(flushEnd, va + 1);
        }

        // wp_clean_post_vma(): flush before end, so that no CPU or device still writes through an old
        // entry once listeners may map again; a nested batcher's PTEs may be among those this walk
        // found already changed, so then the whole range is flushed.
        public override void PostVma(Vma vma)
        {
            var mm = vma.Mm;
            if (!k.Faults.On(Mutant.PostVmaSkipsTlbFlush))
            {
                if (mm.TlbFlushNested) TlbFlush.Range(mm, range!.Start, range.End);
                else if (flushEnd > flushStart) TlbFlush.Range(mm, flushStart, flushEnd);
            }
            MmuNotifierInvalidate.End(range!);
            if (!k.Faults.On(Mutant.WpSkipsIncTlbFlushPending)) mm.DecTlbFlushPending();
            if (WriteProtects) k.Events.WriteProtectDone(mm, range!.Start, range.End, began, what);
        }
    }

    /// <summary>struct clean_walk: clean_record_pte() on top of the shared pre/post callbacks.</summary>
    private sealed class CleanRecordWalk(Kernel k, bool[] bitmap, int bitmapPgoff, Action<int>? onRecord)
        : WpWalk(k, "clean_record_shared_mapping_range")
    {
        protected override bool WriteProtects => false;

        // clean_record_pte(): record every PTE it cleans, so a store before the clean is either in
        // the page (when the caller copies after the flush) or dirties the PTE again afterwards.
        public override void PteEntry(Vma vma, int va)
        {
            var pte = vma.Mm.PageTable[va];
            if (!pte.IsPresent || !pte.Dirty) return;
            bool record = pte.Write || !Kernel.Faults.On(Mutant.CleanRecordMissesReadOnlyDirty);
            vma.Mm.PageTable.Set(va, pte.Mkclean());
            Changed(va);
            if (!record) return;
            int pgoff = vma.LinearPageIndex(va) - bitmapPgoff;
            bitmap[pgoff] = true;
            Sched.Note($"clean_record_pte: {vma.Mm.Name} va{va} cleaned, bit {pgoff} recorded");
            onRecord?.Invoke(pgoff);
        }
    }
}
