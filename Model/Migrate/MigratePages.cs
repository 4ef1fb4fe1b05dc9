namespace Torture.Model;

/// <summary>
/// mm/migrate.c: migrate_pages() for one folio (compaction, NUMA balancing, hot-remove): every
/// mapping becomes a migration entry (try_to_migrate), the contents are copied, the page cache's slot
/// moves, and the entries point at the new page (remove_migration_ptes). The move fails, and the old
/// page is mapped back, when a reference other than the mappings' and the page cache's remains.
/// </summary>
public static class MigratePages
{
    /// <summary>True when the page moved to a new frame.</summary>
    [Operation("MigratePages", PinsMm = false)]
    public static bool Run(Kernel k, PageRef target)
    {
        // A page freed meanwhile (or its frame reused), isolated by reclaim or another migrator, or locked is not ours to move.
        if (!k.Pages.TryIsolateLocked(target, "migrate_pages")) return false;
        var src = target.Page;
        var dst = k.Pages.Alloc($"migrate {target}");
        bool moved = false;
        if (dst is not null)
        {
            bool early = k.Faults.On(Mutant.MigrateCopiesBeforeUnmap);
            if (early) FolioCopy(k, target, dst);
            TryToMigrate.Run(target);
            // folio_migrate_mapping()'s refcount freeze: besides ours and the page cache's, any
            // reference is a GUP user (O_DIRECT, a KVM fault in flight) that may still touch the old page.
            int expected = 1 + (src.Mapping is not null ? 1 : 0);
            if (src.Mapcount == 0 && src.Refcount == expected)
            {
                // Only now: every PTE is a migration entry and every TLB flushed, so no store can
                // reach the old page during or after the copy.
                if (!early) FolioCopy(k, target, dst);
                MigrateFlags(src, dst);
                moved = true;
            }
            RemoveMigrationPtes.Run(target, moved ? dst.Ref : target);
        }
        src.Unlock();
        k.PageWaitTable.WakeUpAll();   // folio_unlock(): faults sleeping on the migration entries go on
        // The old page stays isolated until its free once moved; kept, it goes back to the LRU.
        if (!moved) src.Putback();
        if (dst is not null) k.Pages.Put(dst.Ref, "migrate_pages");   // the new page lives on by its mappings and cache
        k.Pages.Put(target, "migrate_pages");   // the isolation reference: the last one once moved
        return moved;
    }

    // folio_copy(): the contents only.
    internal static void FolioCopy(Kernel k, PageRef src, Page dst)
    {
        k.Pages.Access(src, write: false, "folio_copy");
        dst.Version = src.Page.Version;
    }

    // folio_migrate_mapping() + folio_migrate_flags(): the new page takes the old one's place in
    // its reverse map (anon_vma or page cache, KSM stable node) with its flags.
    internal static void MigrateFlags(Page src, Page dst)
    {
        dst.AnonVma = src.AnonVma;
        dst.Ksm = src.Ksm;
        dst.Index = src.Index;
        dst.SetFlags(src.Flags & (PageFlags.SwapBacked | PageFlags.Referenced | (src.Mapping is null ? PageFlags.Dirty : 0)));
        src.Mapping?.MigrateFolio(src, dst);
    }
}
