namespace Torture.Model;

/// <summary>A DMA read or write by an SVA-bound device: an IOTLB hit, the IOMMU's own page walk, or a page request.</summary>
public static class DeviceAccess
{
    /// <summary>True when the access completed; false when it aborted (released PASID, SIGSEGV, retries spent).</summary>
    [Operation("DeviceAccess", PinsMm = false)]
    public static bool Run(IommuSva dev, int va, bool write)
    {
        var mm = dev.Mm;
        var k = mm.Kernel;
        string rw = write ? "write" : "read";
        for (int fault = 0; ; )
        {
            Sched.Yield($"{dev.DeviceName} DMA");   // a transaction and the walk it needs are atomic
            IotlbEntry? hit;
            Pte pte;
            bool? done;
            using (dev.Transaction.Hold()) done = Transaction(dev, va, write, out hit, out pte);
            if (done == true) return true;
            if (done is null)
            {
                if (dev.Released || !dev.Notifier.Hashed) return false;   // no PASID bound: the transaction aborted
                continue;   // the PTE changed under the walk (real threads only): walk again
            }
            if (fault++ == IommuSva.MaxFaultRetries) return false;
            Sched.Note($"{dev.DeviceName} DMA {rw} {mm.Name} va{va}: page request ({(hit is null ? $"PTE {pte}" : "read-only IOTLB entry")})");
            if (HandleMmFault(dev, va, write) != VmFault.Done) return false;
            // The fault found the PTE already granting the access: only an invalidation of the
            // stale entry lets the retry succeed (the upgrade's own one, since 1af5a8109904).
            var now = mm.PageTable[va];
            if (hit is not null && ReferenceEquals(dev.Lookup(va), hit) && now.Allows(write))
            {
                Sched.Note($"{dev.DeviceName}: the PTE is {now}, but the IOTLB still holds {hit.Page} ro: the retry faults until it is invalidated");
                dev.WaitForInvalidation(va, hit);
            }
        }
    }

    // One transaction: true when it went through the IOTLB or a walk, false on a page request, null
    // when it aborted (no PASID) or its walk must start over.
    private static bool? Transaction(IommuSva dev, int va, bool write, out IotlbEntry? hit, out Pte pte)
    {
        var mm = dev.Mm;
        var k = mm.Kernel;
        string rw = write ? "write" : "read";
        hit = null;
        pte = default;
        if (dev.Released || !dev.Notifier.Hashed) return null;
        hit = dev.Lookup(va);
        if (hit is not null && (!write || hit.StoresWithoutWalk))
        {
            Sched.Note($"{dev.DeviceName} DMA {rw} {mm.Name} va{va}: IOTLB hit {hit.Page}");
            k.Pages.UserAccess(mm, va, hit.Page, write, hit.Write, $"{dev.DeviceName} IOTLB");
            return true;
        }
        pte = mm.PageTable[va];
        // A cached read-only entry answers a write with a fault, without a walk: only an
        // invalidation removes it. A clean writable one walks again to set the dirty bit.
        bool walk = hit is null || hit.Write;
        if (!walk || !pte.Allows(write)) return false;
        Sched.Note($"{dev.DeviceName} DMA {rw} {mm.Name} va{va}: IOMMU walk, caches {pte.Page}");
        if (mm.PageTable.HardwareMarkAccessed(va, pte, write) is not { } marked) return null;
        dev.Fill(va, marked);
        k.Pages.UserAccess(mm, va, pte.Page, write, pte.Write, $"{dev.DeviceName} walk");
        return true;
    }

    // drivers/iommu/iommu-sva.c: iommu_sva_handle_mm(): the device's fault goes through the CPU's handler.
    private static VmFault HandleMmFault(IommuSva dev, int va, bool write)
    {
        var mm = dev.Mm;
        if (!MmLifetime.MmgetNotZero(mm)) return VmFault.Sigsegv;
        mm.MmapLock.DownRead();
        var vma = mm.FindVma(va);
        var result = vma is null ? VmFault.Sigsegv : Model.HandleMmFault.Run(vma, va, write);
        mm.MmapLock.UpRead();
        MmLifetime.Mmput(mm);
        return result;
    }
}
