namespace Torture.Model;

/// <summary>
/// One translation in a device's IOTLB, filled by the IOMMU's own walk of the CPU page table. Like a
/// CPU TLB entry it remembers write and dirty; <see cref="FilledAt"/> (a <c>Kernel.Tick</c>) says
/// whether a completed CPU TLB flush should have removed it (I2-HW).
/// </summary>
public sealed record IotlbEntry(PageRef Page, bool Write, bool Dirty, long FilledAt, string InstalledBy)
{
    public bool StoresWithoutWalk => Write && Dirty;
}
