namespace Torture.Model;

/// <summary>An atomic by an SVM GPU: through its exclusive mapping, or after nouveau_atomic_range_fault() made one.</summary>
public static class DeviceAtomic
{
    /// <summary>True when the atomic was performed; false when the page could not be made exclusive (file page, races).</summary>
    [Operation("DeviceAtomic")]
    public static bool Run(AtomicDevice dev, int va)
    {
        var mm = dev.Mm;
        var k = mm.Kernel;
        for (int attempt = 0; attempt < 3; attempt++)
        {
            Sched.Yield($"{dev.DeviceName} atomic");
            if (dev.Released || !dev.Notifier.Hashed) return false;
            using (dev.DeviceTlb.Hold())
            {
                if (dev.Mapping(va) is { } page)
                {
                    Sched.Note($"{dev.DeviceName} atomic on {mm.Name} va{va} -> {page}");
                    k.Pages.UserAccess(mm, va, page, write: true, viaWritable: true, $"{dev.DeviceName} atomic", exclusive: true);
                    return true;
                }
            }
            if (!AtomicRangeFault(dev, va)) return false;
        }
        return false;
    }

    // nouveau_atomic_range_fault(): sample the sequence, make the page exclusive, map it only if no
    // invalidation ran in between (the driver lock orders the check against the invalidations).
    private static bool AtomicRangeFault(AtomicDevice dev, int va)
    {
        var mm = dev.Mm;
        var k = mm.Kernel;
        if (dev.ReadBegin() is not { } seq) return true;   // an invalidation is in progress: retry
        if (DeviceExclusive.Make(mm, va, owner: dev) is not { } p) return false;
        dev.Lock.Lock();
        if (dev.Seq == seq) dev.Map(va, p);
        dev.Lock.Unlock();
        p.Page.Unlock();
        k.Pages.Put(p, "make_device_exclusive");
        return true;
    }
}
