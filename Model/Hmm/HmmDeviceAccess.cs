namespace Torture.Model;

/// <summary>A load or store by the mirroring device: through its page table (atomic, as hardware is), faulting on a miss.</summary>
public static class HmmDeviceAccess
{
    /// <summary>True when the access went through a device page-table entry.</summary>
    [Operation("HmmDeviceAccess", PinsMm = false)]
    public static bool Run(HmmMirror dev, int va, bool write)
    {
        for (int attempt = 0; attempt < 2; attempt++)
        {
            Sched.Yield("device access");
            if (dev.Closed) return false;
            using (dev.DeviceTlb.Hold())
            {
                if (dev.Entry(va) is { } e && (!write || e.Writable))
                {
                    Sched.Note($"{dev.DeviceName} {(write ? "writes" : "reads")} va{va} through its entry -> {e.Page}");
                    dev.Kernel.Pages.UserAccess(dev.Mm, va, e.Page, write, e.Writable, $"{dev.DeviceName} device");
                    return true;
                }
            }
            if (HmmDeviceFault.Run(dev, va, va + 1, write) != 0) return false;
        }
        return false;
    }
}
