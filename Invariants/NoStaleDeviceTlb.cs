namespace Torture.Invariants;

/// <summary>
/// I2-HW: a TLB that caches the CPU's own page table (IOMMU/SVA) is flushed with the CPU: once a
/// CPU TLB flush of (mm, [start, end)) has completed, no IOTLB entry of that range is older than it.
/// </summary>
public sealed class NoStaleDeviceTlb : IInvariant
{
    public string Name => "I2-HW NoStaleDeviceTlb";

    public string Description =>
        "When flush_tlb_range(mm, range) completes, no device TLB entry of the range was filled before the flush began (arch_invalidate_secondary_tlbs reached it).";

    public void Attach(Kernel kernel, ProgramBuilder program) => kernel.Observe(new Watch(kernel, Name));

    private sealed class Watch(Kernel k, string name) : IKernelObserver
    {
        public void TlbFlushed(MmStruct mm, int start, int end, long began)
        {
            foreach (var mmu in k.Secondaries)
            {
                if (mmu is not IommuSva dev || !ReferenceEquals(dev.Mm, mm)) continue;
                for (int va = Math.Max(0, start); va < Math.Min(end, mm.PageTable.Size); va++)
                {
                    if (dev.Lookup(va) is { } e && e.FilledAt < began)
                        Sched.Fail(name, $"{Sched.ThreadName}'s flush_tlb_range({mm.Name} [{start},{end})) completed, but {dev.DeviceName} still caches IOTLB va{va} -> {e.Page} {(e.Write ? "rw" : "ro")}, filled by {e.InstalledBy} before the flush began (the PTE is now {mm.PageTable[va]}): the device keeps a translation the CPU flush retired");
                }
            }
        }
    }
}
