namespace Torture.Model;

/// <summary>
/// mm/mmu_gather.c: struct mmu_gather. Pages unmapped by a zap wait here until the TLB is flushed.
/// The default batch is one page, so zaps free pages inside the invalidate window, as a full batch
/// forces them out in the kernel (§2.1, R3); <see cref="LargeBatch"/> never fills in the model, so
/// its pages all go out at tlb_finish_mmu().
/// </summary>
public sealed class MmuGather
{
    public const int DefaultBatch = 1;
    public const int LargeBatch = 64;

    private readonly List<PageRef> pages = new(DefaultBatch);
    private readonly int batch;
    private int start = int.MaxValue, end = int.MinValue;

    /// <summary>tlb_gather_mmu() / tlb_gather_mmu_fullmm().</summary>
    public MmuGather(MmStruct mm, bool fullmm, int batch = DefaultBatch)
    {
        Mm = mm;
        Fullmm = fullmm;
        this.batch = batch;
        mm.IncTlbFlushPending();
    }

    public MmStruct Mm { get; }

    /// <summary>The whole address space is being torn down (exit_mmap).</summary>
    public bool Fullmm { get; }

    /// <summary>tlb_remove_tlb_entry(): widen the range the next flush covers.</summary>
    public void TrackRange(int va)
    {
        start = Math.Min(start, va);
        end = Math.Max(end, va + 1);
    }

    /// <summary>__tlb_remove_folio_pages(): queue the mapping's reference; true when the batch is full and must be flushed.</summary>
    public bool RemovePage(PageRef page)
    {
        pages.Add(page);
        return pages.Count >= batch;
    }

    /// <summary>tlb_flush_mmu_tlbonly(): the CPU (and, since v6.6, secondary) TLB flush.</summary>
    public void FlushTlbOnly()
    {
        if (Fullmm) TlbFlush.Mm(Mm);
        else if (start < end) TlbFlush.Range(Mm, start, end);
        start = int.MaxValue;
        end = int.MinValue;
    }

    /// <summary>tlb_flush_mmu_free() -> free_pages_and_swap_cache(): drop the queued references.</summary>
    public void FlushFree()
    {
        var k = Mm.Kernel;
        foreach (var page in pages)
        {
            k.Events.GatherFreeing(this, page);
            k.Pages.Put(page, "mmu_gather");
        }
        pages.Clear();
    }

    /// <summary>tlb_flush_mmu(): flush before free, so no CPU can reach a page once it is freed.</summary>
    public void FlushMmu()
    {
        FlushTlbOnly();
        FlushFree();
    }

    /// <summary>tlb_finish_mmu().</summary>
    public void Finish()
    {
        // Another thread batching on this mm may have left a stale entry for a PTE this gather found
        // already changed and so did not track: flush the whole mm (99baac21e458).
        if (Mm.TlbFlushNested)
        {
            start = 0;
            end = Mm.PageTable.Size;
        }
        FlushMmu();
        Mm.DecTlbFlushPending();
    }
}
