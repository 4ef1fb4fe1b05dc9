namespace Torture.Model;

/// <summary>The per-VMA lock protocol (include/linux/mmap_lock.h, mm/memory.c: lock_vma_under_rcu()).</summary>
public static class VmaLock
{
    /// <summary>mm/memory.c: lock_vma_under_rcu(): the VMA read-locked for a fault without mmap_lock, or null to fall back.</summary>
    public static Vma? LockVmaUnderRcu(MmStruct mm, int va)
    {
        var vma = mm.FindVma(va);
        if (vma is null || vma.Detached) return null;
        return StartRead(vma) ? vma : null;
    }

    /// <summary>vma_start_read(): fails while the VMA is write-locked (its seq equals the mm's).</summary>
    public static bool StartRead(Vma vma)
    {
        // A write lock is the seq, not the rwsem: check it before and after taking the read side,
        // because vma_start_write() drops the rwsem as soon as it has set the seq.
        if (vma.VmLockSeq == vma.Mm.MmLockSeq) return false;
        if (!vma.VmLock.DownReadTrylock()) return false;
        if (vma.VmLockSeq == vma.Mm.MmLockSeq || vma.Detached)
        {
            vma.VmLock.UpRead();
            return false;
        }
        return true;
    }

    /// <summary>vma_end_read().</summary>
    public static void EndRead(Vma vma) => vma.VmLock.UpRead();

    /// <summary>vma_start_write(): wait out the readers, then mark the VMA write-locked until mmap_write_unlock().</summary>
    public static void StartWrite(Vma vma)
    {
        KernelBug.On(!vma.Mm.MmapLock.IsWriteHeldByCurrent, $"vma_start_write({vma}) without mmap_lock held for write");
        if (IsWriteLocked(vma)) return;
        vma.VmLock.DownWrite();
        vma.VmLockSeq = vma.Mm.MmLockSeq;
        vma.VmLock.UpWrite();
        Sched.Note($"{vma} write-locked (vm_lock_seq {vma.VmLockSeq})");
    }

    public static bool IsWriteLocked(Vma vma) => vma.VmLockSeq == vma.Mm.MmLockSeq;
}
