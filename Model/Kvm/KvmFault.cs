namespace Torture.Model;

public enum KvmFaultResult
{
    Installed,
    /// <summary>GUP failed (no VMA, OOM).</summary>
    Error,
    /// <summary>Gave up after <see cref="Kvm.MaxFaultRetries"/> stale attempts (the guest would fault again).</summary>
    RetriesExhausted,
}

/// <summary>
/// arch/x86/kvm/mmu/mmu.c: kvm_tdp_page_fault() -> kvm_mmu_do_page_fault(): snapshot the seq, GUP the
/// page (a reference), take mmu_lock, check staleness, install, drop the reference (§2.8).
/// </summary>
public static class KvmFault
{
    [Operation("KvmFault")]
    public static KvmFaultResult Run(Kvm kvm, int gfn, bool write)
    {
        var k = kvm.Kernel;
        int hva = Kvm.GfnToHva(gfn);
        for (int attempt = 0; attempt <= Kvm.MaxFaultRetries; attempt++)
        {
            // kvm_vcpu_gfn_to_memslot(): no memslot, no page (the access is emulated as MMIO).
            if (!kvm.HasMemslot) return KvmFaultResult.Error;
            long validGen = kvm.MmuValidGen;
            // fault->mmu_seq is sampled before GUP: an invalidation that clears the PTE after GUP
            // looked at it either is still in progress at the check or has bumped the seq by then.
            bool snapshotLate = k.Faults.On(Mutant.KvmSnapshotAfterGup);
            long mmuSeq = snapshotLate ? 0 : kvm.ReadInvalidateSeq();
            // kvm_faultin_pfn(): an invalidation already seen need not be waited out under mmu_lock;
            // a hint only (it reads without the lock), the check under mmu_lock decides.
            if (!snapshotLate && kvm.InvalidateRetryGfnUnsafe(mmuSeq, gfn))
            {
                Sched.Note($"{kvm.Name}: fault on gfn{gfn} sees an invalidation before GUP, retry");
                continue;
            }

            // __kvm_faultin_pfn(): what KVM decides of the gfn itself (the APIC-access page, its memory
            // type) is read after the snapshot (smp_rmb), so an internal zap changing it after this
            // read moves the seq the check under mmu_lock compares.
            long attributes = kvm.AttributesGeneration(gfn);
            // The GUP reference keeps the page alive until after the check.
            var page = GetUserPages.Run(kvm.Mm, hva, write, $"{kvm.Name} fault", out bool writable);
            if (page is not { } pfn) return KvmFaultResult.Error;
            if (snapshotLate) mmuSeq = kvm.ReadInvalidateSeq();

            kvm.MmuLock.DownRead();   // the TDP MMU maps under the read side
            // is_page_fault_stale(): under mmu_lock, so no start can zap between the check and the install.
            // A memslot deletion since the lookup made the root obsolete (is_obsolete_sp()); then the
            // invalidation check (mmu_invalidate_retry_gfn()).
            if (kvm.MmuValidGen != validGen || (!k.Faults.On(Mutant.KvmNoRetryCheck) && kvm.InvalidateRetryGfn(mmuSeq, gfn)))
            {
                kvm.MmuLock.UpRead();
                Sched.Note($"{kvm.Name}: fault on gfn{gfn} is stale, retry");
                k.Pages.Put(pfn, $"{kvm.Name} fault");
                continue;
            }
            kvm.InstallSpte(gfn, pfn, writable, attributes);
            kvm.MmuLock.UpRead();
            // kvm_release_faultin_page(): the SPTE keeps no reference; a writable one marks the page
            // dirty now, since guest stores through it set no PTE bit.
            if (writable) k.Pages.MarkDirty(pfn, $"{kvm.Name} fault");
            k.Pages.Put(pfn, $"{kvm.Name} fault");
            return KvmFaultResult.Installed;
        }
        kvm.FaultWaiter.GaveUp($"the fault on gfn{gfn}");
        return KvmFaultResult.RetriesExhausted;
    }
}
