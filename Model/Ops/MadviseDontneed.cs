namespace Torture.Model;

/// <summary>
/// mm/madvise.c: madvise_dontneed_single_vma(): drop the pages, keep the VMA; under that VMA's
/// read lock when the range lies inside one (try_vma_read_lock(), 6.16), else mmap_lock for read.
/// </summary>
public static class MadviseDontneed
{
    [Operation("MadviseDontneed")]
    public static void Run(MmStruct mm, int start, int end)
    {
        if (VmaLock.LockVmaUnderRcu(mm, start) is { } locked)
        {
            // A zap under the VMA lock alone: registration's mm_take_all_locks() must write-lock the
            // VMA to keep its start..end from straddling the list change (B16).
            bool inside = end <= locked.End;
            if (inside) ZapPageRange.Single(locked, start, end);
            VmaLock.EndRead(locked);
            if (inside) return;
        }
        mm.MmapLock.DownRead();
        foreach (var vma in mm.Vmas)
        {
            int s = Math.Max(start, vma.Start), e = Math.Min(end, vma.End);
            if (s < e) ZapPageRange.Single(vma, s, e);
        }
        mm.MmapLock.UpRead();
    }
}
