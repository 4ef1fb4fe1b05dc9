namespace Torture.Model;

/// <summary>arch/x86/mm/tlb.c: flush_tlb_mm_range(): shoot down the range on every CPU, synchronously.</summary>
public static class TlbFlush
{
    public static void Range(MmStruct mm, int start, int end)
    {
        var k = mm.Kernel;
        long began = k.Tick();
        int dropped = 0;
        foreach (var cpu in k.Cpus) dropped += cpu.Invalidate(mm, start, end);
        if (dropped > 0) Sched.Note($"flush_tlb_range {mm.Name} [{start},{end}): {dropped} TLB entries dropped");
        // Since v6.6 secondary TLBs that share the CPU page table are flushed here, in the arch flush,
        // after the PTE change and before the page can be freed (R4).
        MmuNotifierSecondaryTlbs.ArchInvalidate(mm, start, end);
        // Announced once the secondary TLBs are done too: the flush is complete only then (I2-HW).
        k.Events.TlbFlushed(mm, start, end, began);
    }

    /// <summary>flush_tlb_mm().</summary>
    public static void Mm(MmStruct mm) => Range(mm, 0, mm.PageTable.Size);
}
