namespace Torture.Model;

/// <summary>
/// lib/test_hmm.c: the HMM_DMIRROR_MIGRATE_TO_DEV and _TO_SYS ioctls for one page: the mirror's
/// driver moves va's anonymous page into its device-coherent memory (dmirror_migrate_to_device) or
/// back to system RAM (dmirror_migrate_to_system), through migrate_vma_setup/pages/finalize.
/// </summary>
public static class HmmMigrate
{
    /// <summary>0 when the migration ran (whether or not the page moved), -EINVAL without an anonymous VMA at va.</summary>
    [Operation("HmmMigrate")]
    public static int Run(HmmMirror dev, int va, bool toDevice)
    {
        if (dev.Closed) return Errno.EINVAL;
        var mm = dev.Mm;
        mm.MmapLock.DownRead();
        int ret = Errno.EINVAL;
        if (mm.FindVma(va) is { IsAnonymous: true } vma)
        {
            var m = MigrateVma.Setup(vma, va, owner: dev, selectDevice: !toDevice);
            if (m.Src is { } src && dev.Kernel.Pages.Alloc($"{dev.DeviceName} migrate", toDevice ? dev : null) is { } dpage)
            {
                // dmirror_devmem_fault_alloc_and_copy() erases the device's entry before the copy, or a
                // device store after it would be lost; the model's dmirror_migrate_alloc_and_copy() does too.
                if (!(toDevice && dev.Kernel.Faults.On(Mutant.HmmMigrateKeepsDeviceEntry))) dev.EraseForMigration(va);
                MigratePages.FolioCopy(dev.Kernel, src, dpage);
                m.Pages(dpage);
            }
            m.Finish();
            if (toDevice && m.Dst is { } dst) dev.MapMigrated(va, dst, m.Write);
            ret = 0;
        }
        mm.MmapLock.UpRead();
        return ret;
    }
}
