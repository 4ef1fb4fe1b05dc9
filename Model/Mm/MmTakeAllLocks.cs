namespace Torture.Model;

/// <summary>
/// mm/vma.c: mm_take_all_locks() / mm_drop_all_locks(): with mmap_lock held for write, take every
/// lock an rmap walker or a per-VMA-lock fault could hold around invalidate_range_start..end, so that
/// a notifier hashed meanwhile never sees an end without its start (§3.2, §3.3).
/// </summary>
public static class MmTakeAllLocks
{
    /// <summary>mm_take_all_locks(): 0, or -EINTR with nothing left held, set or marked.</summary>
    public static int Take(MmStruct mm, SignalPending signals)
    {
        var k = mm.Kernel;
        KernelBug.On(!mm.MmapLock.IsWriteHeldByCurrent, $"mm_take_all_locks({mm}) without mmap_lock held for write");
        // One taker at a time, system-wide: the AS_MM_ALL_LOCKS bits and anon_vma marks say "locked by
        // the taker", which is only true while no other mm can be taking the same files and anon_vmas.
        if (!k.Faults.On(Mutant.TakeAllLocksNoGlobalMutex)) k.MmAllLocksMutex.Lock();
        Sched.Note($"mm_take_all_locks({mm})");

        // Pass 1 first: per-VMA-lock faults hold no mmap_lock and no rmap lock, yet run start..end (COW);
        // write-locking every VMA waits them out and sends later faults to mmap_lock (eeff9a5d47f8).
        if (!k.Faults.On(Mutant.TakeAllLocksSkipsVmaWriteLock))
        {
            foreach (var vma in mm.Vmas)
            {
                if (signals.Check()) return Bail(mm);
                VmaLock.StartWrite(vma);
            }
        }
        // Pass 2 before 3: hugetlb PMD sharing takes a hugetlbfs i_mmap_rwsem before other i_mmap_rwsems
        // (88f306b68cbb); the kernel comment lists this pass before pass 1, the code after it.
        foreach (var vma in mm.Vmas)
        {
            if (signals.Check()) return Bail(mm);
            if (vma.File is { Hugetlb: true } f) VmLockMapping(mm, f);
        }
        foreach (var vma in mm.Vmas)
        {
            if (signals.Check()) return Bail(mm);
            if (vma.File is { Hugetlb: false } f) VmLockMapping(mm, f);
        }
        // Pass 4 last: anon_vma->rwsem nests inside i_mmap_rwsem (mm/rmap.c lock order).
        foreach (var vma in mm.Vmas)
        {
            if (signals.Check()) return Bail(mm);
            foreach (var av in vma.AnonVmaChain) VmLockAnonVma(mm, av);
        }
        return 0;
    }

    /// <summary>mm_drop_all_locks(). VMA write locks stay until mmap_write_unlock(): the caller may still change VMAs.</summary>
    public static void Drop(MmStruct mm)
    {
        var k = mm.Kernel;
        KernelBug.On(!mm.MmapLock.IsWriteHeldByCurrent, $"mm_drop_all_locks({mm}) without mmap_lock held for write");
        foreach (var vma in mm.Vmas)
        {
            foreach (var av in vma.AnonVmaChain) VmUnlockAnonVma(av);
            if (vma.File is { } f) VmUnlockMapping(f);
        }
        if (!k.Faults.On(Mutant.TakeAllLocksNoGlobalMutex)) k.MmAllLocksMutex.Unlock();
        Sched.Note($"mm_drop_all_locks({mm})");
    }

    // out_unlock: mm_drop_all_locks() undoes exactly what was taken; -EINTR (-ERESTARTSYS proposed, B20).
    private static int Bail(MmStruct mm)
    {
        Sched.Note($"mm_take_all_locks({mm}): signal pending, dropping everything");
        Drop(mm);
        return Errno.EINTR;
    }

    // vm_lock_anon_vma(): the root mark says this taker already holds the root rwsem (several
    // anon_vmas of a forked mm share one root); the mark is set under the rwsem, so a plain bit.
    private static void VmLockAnonVma(MmStruct mm, AnonVma av)
    {
        var root = av.Root;
        if (!root.RootMark || mm.Kernel.Faults.On(Mutant.TakeAllLocksNoAlreadyLockedBit))
        {
            // Same-class nesting is legal only because mm_all_locks_mutex excludes every other nester.
            root.Rwsem.DownWriteNestLock(mm.MmapLock);
            KernelBug.On(root.RootMark, $"{root}: anon_vma mark already set under its own rwsem");
            root.RootMark = true;
        }
    }

    // vm_lock_mapping(): AS_MM_ALL_LOCKS is an atomic bit because other mapping flags change concurrently.
    private static void VmLockMapping(MmStruct mm, AddressSpace mapping)
    {
        if (!mapping.MmAllLocks || mm.Kernel.Faults.On(Mutant.TakeAllLocksNoAlreadyLockedBit))
        {
            mapping.MmAllLocks = true;
            mapping.IMmapRwsem.DownWriteNestLock(mm.MmapLock);
        }
    }

    // vm_unlock_anon_vma(): clear the mark before the unlock, so nobody taking the rwsem sees it.
    private static void VmUnlockAnonVma(AnonVma av)
    {
        var root = av.Root;
        if (!root.RootMark) return;
        root.RootMark = false;
        root.Rwsem.UpWrite();
    }

    // vm_unlock_mapping(): unlock, then clear the bit (test_and_clear_bit; BUG if it was clear).
    private static void VmUnlockMapping(AddressSpace mapping)
    {
        if (!mapping.MmAllLocks) return;
        mapping.IMmapRwsem.UpWrite();
        mapping.MmAllLocks = false;
    }
}
