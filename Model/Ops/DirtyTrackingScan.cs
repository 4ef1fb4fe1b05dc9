namespace Torture.Model;

/// <summary>
/// A DRM driver's dirty tracking of a coherent buffer (drivers/gpu/drm/vmwgfx/vmwgfx_page_dirty.c:
/// vmw_bo_dirty_scan_pagetable(), then the transfer of the dirty pages to the device). The file's
/// backing store stands for the device's copy of the buffer.
/// </summary>
public static class DirtyTrackingScan
{
    [Operation("DirtyTrackingScan", PinsMm = false)]
    public static int Run(AddressSpace file)
    {
        var k = file.Kernel;
        var bitmap = new bool[file.Size];
        // The driver keeps its buffer's pages resident while it tracks them (TTM holds them), so
        // reclaim cannot drop a page whose only dirty record is about to be this bitmap.
        var held = new List<PageRef>();
        for (int index = 0; index < file.Size; index++)
            if (file.CachedPage(index) is { } p && k.Pages.TryGet(p, "dirty tracking")) held.Add(p);
        // The copy belongs after the call: only then has the TLB flush stopped stores through
        // entries the scan cleaned behind, so every store is in the copy or dirties a PTE again.
        Action<int>? early = k.Faults.On(Mutant.CleanRecordCopiesBeforeFlush) ? index => Transfer(file, index) : null;
        int cleaned = MappingDirtyHelpers.CleanRecordSharedMappingRange(file, 0, file.Size, bitmap, 0, early);
        if (early is null)
        {
            for (int index = 0; index < bitmap.Length; index++)
                if (bitmap[index]) Transfer(file, index);
        }
        foreach (var p in held) k.Pages.Put(p, "dirty tracking");
        return cleaned;
    }

    // vmw_bo_dirty_transfer_to_res(): copy one page to the device.
    private static void Transfer(AddressSpace file, int index)
    {
        var k = file.Kernel;
        if (file.CachedPage(index) is not { } page || !k.Pages.TryGet(page, "dirty transfer")) return;
        k.Pages.Access(page, write: false, "dirty transfer");
        file.WritePage(page.Page, "dirty transfer");
        k.Pages.Put(page, "dirty transfer");
    }
}
