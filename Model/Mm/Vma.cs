namespace Torture.Model;

/// <summary>include/linux/mm_types.h: struct vm_area_struct, with its per-VMA lock.</summary>
public sealed class Vma
{
    private readonly List<AnonVma> anonVmaChain = new(2);

    internal Vma(MmStruct mm, string name, int start, int end, VmFlags flags, AddressSpace? file, int pgoff)
    {
        Mm = mm;
        Name = name;
        Start = start;
        End = end;
        Flags = flags;
        File = file;
        PgOff = pgoff;
        VmLock = new RwSemaphore("vma_lock", name);
    }

    public MmStruct Mm { get; }
    public string Name { get; }
    public int Start { get; }
    public int End { get; }
    /// <summary>vma->vm_flags: changed only with mmap_lock held for write and the VMA write-locked (mprotect, clear_refs).</summary>
    public VmFlags Flags { get; internal set; }
    /// <summary>vma->vm_file->f_mapping.</summary>
    public AddressSpace? File { get; }
    public int PgOff { get; }

    /// <summary>vma->anon_vma: the anon_vma new anonymous pages of this VMA belong to.</summary>
    public AnonVma? AnonVma { get; internal set; }

    /// <summary>vma->anon_vma_chain: every anon_vma whose pages this VMA may map (its own and its ancestors').</summary>
    public IReadOnlyList<AnonVma> AnonVmaChain => anonVmaChain;

    /// <summary>vma->vm_lock: readers are page faults under the per-VMA lock; writers only mark a write lock.</summary>
    public RwSemaphore VmLock { get; }

    /// <summary>vma->vm_lock_seq: equal to mm_lock_seq while the VMA is write-locked.</summary>
    public int VmLockSeq { get; internal set; } = -1;

    /// <summary>The VMA was removed from its mm (vma_mark_detached).</summary>
    public bool Detached { get; internal set; }

    public bool IsAnonymous => File is null;
    public bool Writable => (Flags & VmFlags.Write) != 0;
    public bool Shared => (Flags & VmFlags.Shared) != 0;

    public bool Contains(int va) => va >= Start && va < End;

    /// <summary>linear_page_index(): the file offset (or linear anon index) backing a virtual page.</summary>
    public int LinearPageIndex(int va) => IsAnonymous ? va : PgOff + (va - Start);

    /// <summary>vma_address(): where this VMA maps a page, or -1 when outside it.</summary>
    public int AddressOf(Page page)
    {
        int va = IsAnonymous ? page.Index : Start + (page.Index - PgOff);
        return Contains(va) ? va : -1;
    }

    internal void LinkAnonVma(AnonVma av) => anonVmaChain.Add(av);

    internal void UnlinkAnonVmas() => anonVmaChain.Clear();

    public override string ToString() => Name;
}
