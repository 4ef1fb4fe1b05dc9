namespace Torture.Model;

/// <summary>
/// mm/memory.c: handle_mm_fault() -> handle_pte_fault(). The caller holds mmap_lock for read or the
/// VMA's read lock. Each path reads the PTE locklessly first and re-checks it under the PTL
/// (pte_same), since the lock is dropped in between.
/// </summary>
public static class HandleMmFault
{
    public static VmFault Run(Vma vma, int va, bool write)
    {
        if (write && !vma.Writable) return VmFault.Sigsegv;
        var orig = vma.Mm.PageTable[va];
        return orig.Kind switch
        {
            PteKind.None when vma.IsAnonymous => DoAnonymousPage(vma, va, write),
            PteKind.None => DoSharedFault(vma, va, write),
            PteKind.Swap => DoSwapPage(vma, va, orig, write),
            PteKind.DeviceExclusive => DeviceExclusive.Remove(vma, va, orig),
            PteKind.Migration => MigrationEntryWait(vma, va, orig),
            _ when write && !orig.Write => DoWpPage(vma, va, orig),
            _ => VmFault.Done,   // spurious: another thread fixed it; the MMU sets the access bits
        };
    }

    // mm/memory.c: do_anonymous_page(): allocate before taking the PTL, re-check the PTE under it.
    // (The zero page for read faults is not modelled: every anon fault gets its own page.)
    private static VmFault DoAnonymousPage(Vma vma, int va, bool write)
    {
        var page = vma.Mm.Kernel.Pages.Alloc($"anon fault {vma.Mm.Name} va{va}");
        if (page is null) return VmFault.Oom;
        page.AnonVma = vma.AnonVma;
        page.Index = vma.LinearPageIndex(va);
        page.SetFlags(PageFlags.SwapBacked);
        return SetPteIf(vma, va, Pte.None, page.Ref, vma.Writable, "anon fault", zeroFilled: true);
    }

    // mm/memory.c: do_shared_fault() / do_read_fault(): map the page-cache page; a shared mapping is
    // mapped writable only on a write fault (write-notify keeps clean pages read-only).
    private static VmFault DoSharedFault(Vma vma, int va, bool write)
    {
        var page = vma.File!.GetPage(vma.LinearPageIndex(va), "file fault");
        if (page is null) return VmFault.Oom;
        return SetPteIf(vma, va, Pte.None, page.Value, write, "file fault");
    }

    // mm/memory.c: do_swap_page(): read the contents back into a new page.
    private static VmFault DoSwapPage(Vma vma, int va, Pte orig, bool write)
    {
        var page = vma.Mm.Kernel.Pages.Alloc($"swap-in {vma.Mm.Name} va{va}");
        if (page is null) return VmFault.Oom;
        page.AnonVma = vma.AnonVma;
        page.Index = vma.LinearPageIndex(va);
        page.Version = orig.SwapVersion;
        page.SetFlags(PageFlags.SwapBacked);
        return SetPteIf(vma, va, orig, page.Ref, write, "swap-in");
    }

    // mm/migrate.c: migration_entry_wait(): sleep until the migrator unlocks the page; by then the
    // entry is a PTE again (of the new page, or the old one if the move failed), and the access retries.
    private static VmFault MigrationEntryWait(Vma vma, int va, Pte orig)
    {
        var pt = vma.Mm.PageTable;
        vma.Mm.Kernel.PageWaitTable.WaitEvent(() => pt[va] != orig);
        return VmFault.Done;
    }

    // mm/memory.c: do_wp_page(): a store to a present read-only PTE.
    private static VmFault DoWpPage(Vma vma, int va, Pte orig)
    {
        var pt = vma.Mm.PageTable;
        var page = orig.Page.Page;
        pt.Ptl.Lock();
        if (pt[va] != orig)
        {
            pt.Ptl.Unlock();
            return VmFault.Done;
        }
        // wp_page_reuse(): same page, more permission: an upgrade needs no invalidation. A shared
        // mapping always reuses; an anon page only when nobody else maps or holds it (a GUP
        // reference, KVM's included, forces a copy), and never a KSM page (wp_can_reuse_anon_folio).
        if (vma.Shared || (page.Ksm is null && page.Mapcount == 1 && page.Refcount == 1))
        {
            pt.Set(va, (orig with { Write = true }).Mkdirty());
            // ptep_set_access_flags(): an SMMU that caches permissions does not re-walk on a fault as
            // an x86 CPU does, so since 1af5a8109904 the upgrade invalidates secondary TLBs (B19).
            if (!vma.Mm.Kernel.Faults.On(Mutant.NoSecondaryFlushOnUpgrade)) MmuNotifierSecondaryTlbs.ArchInvalidate(vma.Mm, va, va + 1);
            pt.Ptl.Unlock();
            return VmFault.Done;
        }
        // folio_get() before the PTL goes: until then the PTE's mapping keeps the page alive, after it a
        // zap may drop the last reference.
        vma.Mm.Kernel.Pages.Get(orig.Page, "wp_page_copy");
        pt.Ptl.Unlock();
        return WpPageCopy.Run(vma, va, orig);
    }

    // finish_fault(): map the page if the PTE is still what the fault saw, else drop our reference.
    private static VmFault SetPteIf(Vma vma, int va, Pte expected, PageRef page, bool write, string what, bool zeroFilled = false)
    {
        var pt = vma.Mm.PageTable;
        pt.Ptl.Lock();
        if (pt[va] != expected)
        {
            pt.Ptl.Unlock();
            vma.Mm.Kernel.Pages.Put(page, $"{what} (raced)");
            return VmFault.Done;
        }
        page.Page.MapInc();   // the reference we hold becomes the mapping's
        if (zeroFilled) vma.Mm.Kernel.Events.ZeroFilled(vma, va);
        pt.Set(va, Pte.Map(page, write));
        pt.Ptl.Unlock();
        return VmFault.Done;
    }
}
