namespace Torture.Model;

/// <summary>mm/mmap.c: mmap_region(): a new VMA, linked into its file's i_mmap or given an anon_vma.</summary>
public static class Mmap
{
    /// <summary>Anonymous memory (private) or a shared file mapping; private file mappings are not modelled.</summary>
    public static Vma Region(MmStruct mm, string name, int start, int end, VmFlags flags, AddressSpace? file = null, int pgoff = 0)
    {
        var k = mm.Kernel;
        if (file is not null) flags |= VmFlags.Shared;
        if ((flags & VmFlags.Write) != 0) flags |= VmFlags.MayWrite;
        flags |= VmFlags.SoftDirty;   // a new VMA is soft-dirty as a whole
        mm.MmapLock.DownWrite();
        var vma = new Vma(mm, name, start, end, flags, file, pgoff);
        if (file is null)
        {
            // mm/rmap.c: __anon_vma_prepare(): a fresh anon_vma is its own root and nobody else can see it yet.
            var av = k.NewAnonVma($"av:{name}", parent: null);
            vma.AnonVma = av;
            vma.LinkAnonVma(av);
            av.Link(vma);
        }
        else
        {
            // mm/mmap.c: vma_link_file(): i_mmap changes under i_mmap_rwsem held for write, so rmap walkers see all or nothing.
            file.IMmapRwsem.DownWrite();
            file.Link(vma);
            file.IMmapRwsem.UpWrite();
        }
        mm.InsertVma(vma);
        mm.MmapWriteUnlock();
        Sched.Note($"mmap {mm.Name} {vma} [{start},{end}) {(file is null ? "anon" : file.Name)}");
        return vma;
    }
}
