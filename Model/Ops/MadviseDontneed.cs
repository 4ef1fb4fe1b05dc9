namespace Torture.Model;

/// <summary>mm/madvise.c: madvise_dontneed_single_vma(): drop the pages, keep the VMA (mmap_lock for read).</summary>
public static class MadviseDontneed
{
    [Operation("MadviseDontneed")]
    public static void Run(MmStruct mm, int start, int end)
    {
        mm.MmapLock.DownRead();
        foreach (var vma in mm.Vmas)
        {
            int s = Math.Max(start, vma.Start), e = Math.Min(end, vma.End);
            if (s < e) ZapPageRange.Single(vma, s, e);
        }
        mm.MmapLock.UpRead();
    }
}
