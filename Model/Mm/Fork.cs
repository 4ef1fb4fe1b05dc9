namespace Torture.Model;

/// <summary>kernel/fork.c: dup_mm() -> dup_mmap(): the child shares the anon_vma root and the files of its parent.</summary>
public static class Fork
{
    [Operation("Fork")]
    public static MmStruct Run(MmStruct parent, string childName)
    {
        var k = parent.Kernel;
        var child = k.NewMm(childName, parent.PageTable.Size);
        // dup_mmap(): the parent's mmap_lock, then the child's as SINGLE_DEPTH_NESTING: the child is still
        // invisible, so nothing can take the two the other way round, and lockdep is told the order.
        parent.MmapLock.DownWrite();
        child.MmapLock.DownWriteNested(1);
        foreach (var vma in parent.Vmas)
        {
            // vma_start_write(): no fault under the per-VMA lock may change the parent's PTEs while
            // they are being copied: the child's contents are the parent's at the copy (fb49c455323f).
            VmaLock.StartWrite(vma);
            var copy = new Vma(child, $"{childName}:{vma.Name.Split(':')[^1]}", vma.Start, vma.End, vma.Flags, vma.File, vma.PgOff);
            if (vma.AnonVma is not null) AnonVmaFork(k, copy, vma);
            if (vma.File is { } file)
            {
                file.IMmapRwsem.DownWrite();
                file.Link(copy);
                file.IMmapRwsem.UpWrite();
            }
            child.InsertVma(copy);
            // vma_needs_copy(): shared file mappings are simply re-faulted by the child.
            if (vma.IsAnonymous) CopyPageRange(copy, vma);
        }
        child.MmapWriteUnlock();
        parent.MmapWriteUnlock();
        Sched.Note($"fork {parent.Name} -> {child.Name}");
        return child;
    }

    // mm/rmap.c: anon_vma_fork(): link the child to every anon_vma of the parent, then give it its own under the same root.
    private static void AnonVmaFork(Kernel k, Vma dst, Vma src)
    {
        var root = src.AnonVma!.Root;
        root.Rwsem.DownWrite();
        foreach (var av in src.AnonVmaChain)
        {
            dst.LinkAnonVma(av);
            av.Link(dst);
        }
        var own = k.NewAnonVma($"av:{dst.Name}", parent: src.AnonVma);
        dst.AnonVma = own;
        dst.LinkAnonVma(own);
        own.Link(dst);
        root.Rwsem.UpWrite();
    }

    // mm/memory.c: copy_page_range(): COW-share every anon page, write-protecting the parent's PTEs.
    private static void CopyPageRange(Vma dst, Vma src)
    {
        var k = src.Mm.Kernel;
        var range = new MmuNotifierRange(src.Mm, src.Start, src.End, MmuNotifierEvent.ProtectionPage, src);
        // The parent's PTEs lose write permission: listeners must drop writable translations first.
        MmuNotifierInvalidate.Start(range);
        // raw_write_seqcount_begin(): a GUP-fast pin racing with the copy falls back to the slow path,
        // which waits for mmap_lock, instead of pinning a page fork is about to share.
        src.Mm.WriteProtectSeq++;
        var copied = new List<(int Va, Pte Pte)>();
        var spt = src.Mm.PageTable;
        spt.Ptl.Lock();
        for (int va = src.Start; va < src.End; va++)
        {
            var pte = spt[va];
            if (pte.Kind == PteKind.None) continue;
            if (pte.Kind == PteKind.DeviceExclusive)
            {
                // copy_nonpresent_pte() -> try_restore_exclusive_pte(): the parent gets its page back
                // first (the device heard of it from the invalidation above) and both share it.
                pte = DeviceExclusive.RestoredPte(src, pte);
                spt.Set(va, pte);
            }
            if (pte.Kind == PteKind.Migration && pte.Write)
            {
                // copy_nonpresent_pte(): a COW mapping's entry becomes readable in both.
                pte = pte.Wrprotect();
                spt.Set(va, pte);
            }
            if (pte.IsPresent)
            {
                k.Pages.Get(pte.Page, "fork");
                pte.Page.Page.MapInc();
                if (pte.Write) spt.Set(va, pte.Wrprotect());
                pte = pte.Wrprotect();
            }
            copied.Add((va, pte));
        }
        spt.Ptl.Unlock();
        src.Mm.WriteProtectSeq++;   // raw_write_seqcount_end()
        // Before the child can see the pages: a CPU still holding a writable entry would otherwise
        // write into a page the child now shares.
        if (!k.Faults.On(Mutant.ForkSkipsTlbFlush)) TlbFlush.Range(src.Mm, src.Start, src.End);
        // The child's table is filled under its own PTL, not nested in the parent's (see above).
        k.Events.ForkCopying(src, dst);
        var dpt = dst.Mm.PageTable;
        dpt.Ptl.Lock();
        foreach (var (va, pte) in copied) dpt.Set(va, pte);
        dpt.Ptl.Unlock();
        MmuNotifierInvalidate.End(range);
    }
}
