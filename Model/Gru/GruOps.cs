namespace Torture.Model;

/// <summary>drivers/misc/sgi-gru: what a process does with a GRU context.</summary>
public static class GruOps
{
    /// <summary>
    /// gru_alloc_gts() -> gru_register_mmu_notifier(): share the process's gms (allocating it on
    /// first use) under mmap_lock for write, as the GRU's create-context ioctl holds it. False when already attached or on error.
    /// </summary>
    [Operation("GruAttach", Role = OperationRole.RegistersListener)]
    public static bool Attach(GruContext gru)
    {
        if (gru.Gms is not null) return false;
        var mm = gru.Mm;
        mm.MmapLock.DownWrite();
        var sub = MmuNotifierGetPut.GetLocked(mm.Kernel.GruOps, mm, SignalPending.Never());
        if (sub is not null)
        {
            gru.Gms = mm.Kernel.GruOps.Of(sub);
            gru.Gms.Attach(gru);
        }
        mm.MmapWriteUnlock();
        return sub is not null;
    }

    /// <summary>gts_drop() -> gru_drop_mmu_notifier(): unload the context (its TLB), then put the gms.</summary>
    [Operation("GruDetach", Role = OperationRole.DestroysListener, PinsMm = false)]
    public static void Detach(GruContext gru)
    {
        if (gru.Gms is not { } gms) return;
        // gru_unload_context(): the TLB is flushed while the context is still on the gms, so a
        // start that finds it gone (and flushes nothing of it) comes after its entries are.
        using (gru.TlbHandle.Hold())
        {
            gru.Flush(0, int.MaxValue);
            gms.Detach(gru);
            gru.Gms = null;
        }
        MmuNotifierGetPut.Put(gms.Notifier);
    }

    /// <summary>
    /// A GRU instruction's TLB miss: grutlbpurge.c / grufault.c gru_try_dropin() after waiting for
    /// ms_range_active to drop to 0: look the PTE up without locks, then write the TLB entry unless
    /// an invalidation is active (or, beyond what GRU checks, ended meanwhile). True when the entry
    /// was written; a PTE that does not allow the access is the user's fault to resolve (not modelled).
    /// </summary>
    [Operation("GruDropin")]
    public static bool Dropin(GruContext gru, int va, bool write)
    {
        var k = gru.Mm.Kernel;
        for (int attempt = 0; attempt < 2; attempt++)
        {
            if (gru.Gms is not { } gms) return false;
            gms.MsWaitQueue.WaitEvent(() => gms.RangeActive == 0);
            long seq = gms.Seq;
            // atomic_pte_lookup(): a walk with interrupts off, one memory access.
            Sched.Yield($"{gru.Name}: atomic_pte_lookup va{va}");
            var pte = gru.Mm.PageTable[va];
            if (!pte.Allows(write)) return false;
            // tfh_write_restart(): the check and the TLB write are one step of the TLB handle.
            Sched.Yield($"{gru.Name}: tfh_write_restart va{va}");
            // The count alone misses a start..end that ran wholly between the lookup and here: the
            // PTE read may be of a page that invalidation has since zapped and freed (§2.10).
            using (gru.TlbHandle.Hold())
            {
                // A context unloaded since the lookup has no ASID to write an entry under.
                if (ReferenceEquals(gru.Gms, gms) && !(gms.RangeActive != 0 || (!k.Faults.On(Mutant.GruCountOnly) && gms.Seq != seq)))
                {
                    gru.Install(va, pte);
                    return true;
                }
            }
            Sched.Note($"{gru.Name}: dropin of va{va} failed: range active");
        }
        return false;
    }
}
