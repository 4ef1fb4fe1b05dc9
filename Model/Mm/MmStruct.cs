namespace Torture.Model;

/// <summary>include/linux/mm_types.h: struct mm_struct.</summary>
public sealed class MmStruct
{
    private readonly List<Vma> vmas = new(2);

    internal MmStruct(Kernel kernel, string name, int pages)
    {
        Kernel = kernel;
        Name = name;
        MmapLock = new RwSemaphore("mmap_lock", name);
        PageTable = new PageTable(this, pages);
    }

    public Kernel Kernel { get; }
    public string Name { get; }
    public RwSemaphore MmapLock { get; }
    public PageTable PageTable { get; }

    /// <summary>The VMA tree, in address order; changed only under mmap_lock held for write.</summary>
    public IReadOnlyList<Vma> Vmas => vmas;

    /// <summary>mm_users: threads and pins using the address space; exit_mmap() runs when it reaches 0.</summary>
    public int MmUsers
    {
        get => Atomic.ReadOnce(ref mmUsers);
        internal set => Atomic.WriteOnce(ref mmUsers, value);
    }

    private int mmUsers = 1, mmCount = 1, tlbFlushPending;

    /// <summary>atomic_add_return() on mm_users.</summary>
    internal int AddUsers(int delta) => Atomic.AddReturn(ref mmUsers, delta);

    /// <summary>atomic_inc_not_zero() on mm_users: false when the last user already left.</summary>
    internal bool IncUsersNotZero() => Atomic.AddUnlessZero(ref mmUsers, 1);

    /// <summary>atomic_add_return() on mm_count.</summary>
    internal int AddCount(int delta) => Atomic.AddReturn(ref mmCount, delta);

    /// <summary>mm_count: references to the mm_struct itself (mmgrab); one stands for all of mm_users.</summary>
    public int MmCount
    {
        get => Atomic.ReadOnce(ref mmCount);
        internal set => Atomic.WriteOnce(ref mmCount, value);
    }

    /// <summary>mm->mm_lock_seq: bumped by mmap_write_unlock(), ending every VMA write lock: vma_end_write_all().</summary>
    public int MmLockSeq { get; internal set; }

    /// <summary>mm->write_protect_seq: odd while fork write-protects this mm's COW PTEs; GUP-fast pins check it.</summary>
    public long WriteProtectSeq { get; internal set; }

    /// <summary>mm->notifier_subscriptions: allocated by the first register, freed at the last mmdrop.</summary>
    public MmuNotifierSubscriptions? NotifierSubscriptions { get; internal set; }

    /// <summary>
    /// mm->tlb_flush_pending: threads that changed (or are about to change) PTEs of this mm and have
    /// not flushed yet. Raised before the first PTE change and dropped after the flush, so a second
    /// batcher that finds nothing left to change still knows a stale entry may exist.
    /// </summary>
    public int TlbFlushPending => Atomic.ReadOnce(ref tlbFlushPending);

    /// <summary>inc_tlb_flush_pending().</summary>
    internal void IncTlbFlushPending() => Atomic.IncReturn(ref tlbFlushPending);

    /// <summary>dec_tlb_flush_pending().</summary>
    internal void DecTlbFlushPending() => Atomic.DecReturn(ref tlbFlushPending);

    /// <summary>mm_tlb_flush_nested(): another thread is batching PTE changes on this mm too.</summary>
    public bool TlbFlushNested => TlbFlushPending > 1;

    /// <summary>The mm_struct was freed (__mmdrop).</summary>
    public bool Freed { get; internal set; }

    /// <summary>find_vma() for an address inside a VMA.</summary>
    public Vma? FindVma(int va)
    {
        foreach (var v in vmas) if (v.Contains(va)) return v;
        return null;
    }

    internal void InsertVma(Vma vma)
    {
        int at = vmas.FindIndex(v => v.Start > vma.Start);
        vmas.Insert(at < 0 ? vmas.Count : at, vma);
    }

    internal void RemoveVma(Vma vma) => vmas.Remove(vma);

    /// <summary>mmap_write_unlock(): also ends every VMA write lock taken under it.</summary>
    public void MmapWriteUnlock()
    {
        MmLockSeq++;
        MmapLock.UpWrite();
    }

    /// <summary>mmap_write_downgrade(): vma_end_write_all() too, then hold the lock for read.</summary>
    public void MmapWriteDowngrade()
    {
        MmLockSeq++;
        MmapLock.DowngradeWrite();
    }

    public override string ToString() => Name;
}
