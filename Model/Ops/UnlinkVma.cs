namespace Torture.Model;

/// <summary>mm/memory.c: free_pgtables() -> unlink_anon_vmas() / unlink_file_vma(): take a dying VMA out of the rmap.</summary>
public static class UnlinkVma
{
    public static void Run(Vma vma)
    {
        // Under the rmap locks for write: a walker holding them for read keeps seeing the VMA until it is done.
        if (vma.AnonVmaChain.Count > 0)
        {
            var root = vma.AnonVmaChain[0].Root;
            root.Rwsem.DownWrite();
            foreach (var av in vma.AnonVmaChain) av.Unlink(vma);
            vma.UnlinkAnonVmas();
            root.Rwsem.UpWrite();
        }
        if (vma.File is { } f)
        {
            f.IMmapRwsem.DownWrite();
            f.Unlink(vma);
            f.IMmapRwsem.UpWrite();
        }
    }
}
