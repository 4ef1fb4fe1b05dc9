namespace Torture.Model;

/// <summary>
/// An IOMMU/SVA-bound device (drivers/iommu/iommu-sva.c, arm-smmu-v3-sva.c): it shares the CPU's
/// page table through a PASID, walks it itself, sets accessed/dirty as the CPU's MMU does, and
/// caches translations in an IOTLB. Hardware refills at any time, so start/end are too early and too
/// late (R4): it is told of changes only by arch_invalidate_secondary_tlbs() from the CPU TLB flush
/// paths, and like an SMMU without broadcast TLB maintenance it does not drop an entry on a fault.
/// </summary>
public sealed class IommuSva : SecondaryDevice
{
    /// <summary>Page requests the device issues for one access before it aborts it (the PTE keeps changing under it).</summary>
    public const int MaxFaultRetries = 3;

    private readonly IotlbEntry?[] iotlb;

    public IommuSva(MmStruct mm, string name) : base(mm, name)
    {
        iotlb = new IotlbEntry?[mm.PageTable.Size];
        InvalidationWait = new WaitQueue($"{name}: a retried DMA faulting on its stale IOTLB entry until an invalidation removes it");
    }

    /// <summary>->release ran: the PASID's context descriptor is cleared and every access aborts.</summary>
    public bool Released { get; private set; }

    public IotlbEntry? Lookup(int va) => Atomic.ReadOnce(ref iotlb[va]);

    /// <summary>
    /// A DMA transaction with the walk it needs: an IOTLB invalidation completes between two
    /// transactions (the command queue's sync waits for those in flight), so on real threads the
    /// transaction and the invalidation both hold this.
    /// </summary>
    internal NativeLock Transaction { get; } = new();

    /// <summary>
    /// Where a device whose page request found nothing to fix retries: in hardware it faults again
    /// and again until its entry is invalidated; the model sleeps until then, so an invalidation
    /// that never comes shows as a thread that can never run (the device faults forever, B19).
    /// </summary>
    public WaitQueue InvalidationWait { get; }

    // B6's broken driver flushes in start, as AMD IOMMUv2 once tried; the fixed one only from the arch flush.
    public override MmuNotifierOp Implements => MmuNotifierOp.Release |
        (Kernel.Faults.On(Mutant.HwTlbFlushAtStartOnly) ? MmuNotifierOp.InvalidateRangeStart : MmuNotifierOp.ArchInvalidateSecondaryTlbs);

    /// <summary>arm_smmu_mm_arch_invalidate_secondary_tlbs(): invalidate the IOTLB (and ATC) for the range; under the PTL, no sleeping.</summary>
    public override void ArchInvalidateSecondaryTlbs(MmuNotifier sub, MmStruct mm, int start, int end) => Invalidate(start, end);

    public override int InvalidateRangeStart(MmuNotifier sub, MmuNotifierRange range)
    {
        Invalidate(range.Start, range.End);
        return 0;
    }

    /// <summary>arm_smmu_mm_release(): stop the device's accesses, then drop every cached translation.</summary>
    public override void Release(MmuNotifier sub, MmStruct mm)
    {
        using (Transaction.Hold())
        {
            Released = true;
            Invalidate(0, iotlb.Length);
        }
        InvalidationWait.WakeUpAll();
    }

    /// <summary>The IOMMU's walker caching the PTE it just found present (and marked).</summary>
    internal void Fill(int va, Pte pte)
    {
        Atomic.WriteOnce(ref iotlb[va], new IotlbEntry(pte.Page, pte.Write, pte.Dirty, Kernel.Tick(), Sched.ThreadName));
        Sched.Note($"{DeviceName}: IOTLB va{va} -> {pte.Page} {(pte.Write ? "rw" : "ro")}");
        Kernel.Events.SecondaryMapped(this, va);
    }

    private void Invalidate(int start, int end)
    {
        using var _ = Transaction.Hold();
        int dropped = 0;
        for (int va = Math.Max(0, start); va < Math.Min(end, iotlb.Length); va++)
        {
            if (iotlb[va] is null) continue;
            TryGetTranslation(va, out var old);
            iotlb[va] = null;
            dropped++;
            Kernel.Events.SecondaryUnmapped(this, va, old);
        }
        if (dropped > 0 && waiting > 0) InvalidationWait.WakeUpAll();
    }

    private int waiting;

    /// <summary>Retry once the entry a page request could not fix is gone (or the PASID is).</summary>
    internal void WaitForInvalidation(int va, IotlbEntry stale)
    {
        // Counted where the invalidation that drops the entry reads the count.
        using (Transaction.Hold()) waiting++;
        InvalidationWait.WaitEvent(() => Released || !ReferenceEquals(Lookup(va), stale));
        using (Transaction.Hold()) waiting--;
    }

    // ---- ISecondaryMmu -----------------------------------------------------------------------

    public override int TranslationSlots => iotlb.Length;

    public override bool SharesCpuPageTable => true;

    public override bool TryGetTranslation(int slot, out SecondaryTranslation translation)
    {
        if (iotlb[slot] is { } e)
        {
            translation = new SecondaryTranslation("IOTLB", slot, Mm, slot, e.Page, e.Write, e.InstalledBy);
            return true;
        }
        translation = default;
        return false;
    }

    public override long ActiveInvalidations => 0;
}
