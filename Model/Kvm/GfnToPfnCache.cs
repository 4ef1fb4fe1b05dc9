namespace Torture.Model;

/// <summary>
/// virt/kvm/pfncache.c: struct gfn_to_pfn_cache, a pfn KVM itself reads and writes guest memory
/// through (the Xen shared-info page, steal time, kvmclock). It keeps no page reference once
/// refreshed: only the invalidation at the top of every start keeps it from outliving the page it
/// caches (§5 B8). As a secondary MMU it has one translation slot, valid or not.
/// </summary>
public sealed class GfnToPfnCache : ISecondaryMmu
{
    private readonly Kvm kvm;
    private string installedBy = "";

    internal GfnToPfnCache(Kvm kvm)
    {
        this.kvm = kvm;
        Lock = new Mutex("gpc->lock", $"{kvm.Name}-gpc");
        RefreshLock = new Mutex("gpc->refresh_lock", $"{kvm.Name}-gpc", sleeps: true);
        kvm.Kernel.AddSecondary(this);
    }

    public string Name => $"{kvm.Name}-gpc";

    /// <summary>gpc->lock: an rwlock taken with interrupts off; the model takes it exclusively.</summary>
    public Mutex Lock { get; }

    /// <summary>gpc->refresh_lock: one refresh at a time, since each drops <see cref="Lock"/> while it looks the page up.</summary>
    public Mutex RefreshLock { get; }

    /// <summary>gpc->active: on kvm->gpc_list, so invalidations look at it.</summary>
    public bool Active { get; private set; }

    /// <summary>The gfn it caches (its uhva is the memslot's hva of it).</summary>
    public int Gfn { get; private set; } = -1;

    /// <summary>gpc->valid: the pfn may be used without a refresh.</summary>
    public bool Valid { get; private set; }

    public PageRef Pfn { get; private set; }

    /// <summary>gpc->generation: the memslots generation it was refreshed under.</summary>
    public long Generation { get; private set; }

    private int Hva => Kvm.GfnToHva(Gfn);

    /// <summary>kvm_gpc_activate(): point the cache at <paramref name="gfn"/> and put it on the VM's list; refreshed on first use.</summary>
    internal void Activate(int gfn)
    {
        // __kvm_gpc_activate() holds refresh_lock: re-pointing the gfn under a refresh that is between
        // its lookup and its install would install one gfn's page as another's.
        RefreshLock.Lock();
        // Another user may have activated it since this one looked without the lock.
        if (!Active)
        {
            Lock.Lock();
            // Not dead: a refresh that raced the deactivate (which does not take refresh_lock here) may
            // have left the inactive cache valid.
            Drop();
            Gfn = gfn;
            Active = true;
            Lock.Unlock();
        }
        RefreshLock.Unlock();
    }

    /// <summary>kvm_gpc_check(): under <see cref="Lock"/>; may the cached pfn be used as it is for <paramref name="gfn"/>?</summary>
    internal bool Check(int gfn) => Active && Valid && Gfn == gfn && Generation == kvm.MemslotsGeneration;

    /// <summary>
    /// kvm_gpc_refresh() -> hva_to_pfn_retry(), pointing the cache at <paramref name="gfn"/> (the
    /// cache's users share it here, so the gpa may change): look the page up without the lock (GUP may sleep),
    /// then take the lock and keep the pfn only if no invalidation was active or ended meanwhile.
    /// 0 or an errno; the model gives up after <see cref="Kvm.MaxFaultRetries"/> retries where the kernel spins on.
    /// </summary>
    internal int Refresh(int gfn)
    {
        RefreshLock.Lock();
        int ret = RefreshLocked(gfn);
        RefreshLock.Unlock();
        return ret;
    }

    private int RefreshLocked(int gfn)
    {
        var k = kvm.Kernel;
        Lock.Lock();
        // Invalid before the lock is dropped: a check() by another task must not use the old pfn meanwhile.
        Drop();
        if (!kvm.HasMemslot)
        {
            Lock.Unlock();
            return Errno.EFAULT;
        }
        Gfn = gfn;
        Generation = kvm.MemslotsGeneration;
        PageRef? fresh = null;
        for (int attempt = 0; ; attempt++)
        {
            long mmuSeq = kvm.ReadOnceInvalidateSeq();   // smp_rmb() after it, pairing with end's smp_wmb()
            Lock.Unlock();
            if (fresh is { } stale) k.Pages.Put(stale, $"{Name} refresh");   // the previous attempt's page
            if (attempt > Kvm.MaxFaultRetries)
            {
                kvm.GpcWaiter.GaveUp($"{Name}'s refresh of gfn{Gfn}");
                return Errno.EAGAIN;
            }
            // hva_to_pfn(): always a writable mapping, so a COW page is broken here.
            fresh = GetUserPages.Run(kvm.Mm, Hva, write: true, $"{Name} refresh", out _);
            if (fresh is null) return Errno.EFAULT;
            Lock.Lock();
            if (!RetryCache(mmuSeq)) break;
            Sched.Note($"{Name}: an invalidation is active or ended since the lookup: retry");
        }
        Valid = true;
        Pfn = fresh.Value;
        installedBy = Sched.ThreadName;
        Sched.Note($"{Name}: gfn{Gfn} -> {Pfn}");
        k.Events.SecondaryMapped(this, 0);
        // The cache keeps no reference: invalidations are what keep it coherent from now on.
        k.Pages.Put(Pfn, $"{Name} refresh");
        Lock.Unlock();
        return 0;
    }

    /// <summary>
    /// mmu_notifier_retry_cache(): the cache is invalidated before start takes mmu_lock, so it reads
    /// mn_active_invalidate_count (raised before that) where faults read mmu_invalidate_in_progress.
    /// Neither is read under a lock their writers hold: end drops the count only once the seq bump is
    /// visible (mmu_lock's release, then mn_invalidate_lock's), so a count of 0 comes with the new seq.
    /// </summary>
    private bool RetryCache(long mmuSeq) => kvm.ReadOnceActiveInvalidateCount() != 0 || kvm.ReadOnceInvalidateSeq() != mmuSeq;

    /// <summary>gfn_to_pfn_cache_invalidate_start(): called by start before mmu_lock, whether or not a memslot overlaps.</summary>
    internal void InvalidateStart(int start, int end)
    {
        // With no cache on kvm->gpc_list the walk touches nothing another thread writes: gpc_lock is not modelled.
        if (!Active) return;
        if (kvm.Kernel.Faults.On(Mutant.SideCacheIgnoresRangeStart)) return;
        Lock.Lock();
        if (Valid && Hva >= start && Hva < end) Drop();
        Lock.Unlock();
    }

    /// <summary>kvm_gpc_deactivate(), for the VM's teardown: no invalidation looks at the cache afterwards.</summary>
    internal void Deactivate()
    {
        if (!Active) return;
        Lock.Lock();
        Drop();
        Active = false;
        Lock.Unlock();
    }

    // gpc->valid = false (the kernel also unmaps khva later; the model has no kernel mapping to tear down).
    private void Drop()
    {
        if (!Valid) return;
        TryGetTranslation(0, out var old);
        Valid = false;
        Sched.Note($"{Name}: invalid");
        kvm.Kernel.Events.SecondaryUnmapped(this, 0, old);
    }

    // ---- ISecondaryMmu -----------------------------------------------------------------------

    public ISubscription Subscription => kvm.Notifier;

    public int TranslationSlots => 1;

    // A cache refreshed under older memslots fails every check() until its next refresh: it maps
    // nothing anyone can use, even if it is still marked valid (a refresh that raced a deletion).
    public bool TryGetTranslation(int slot, out SecondaryTranslation translation)
    {
        if (Valid && Generation == kvm.MemslotsGeneration)
        {
            translation = new SecondaryTranslation("gpc", 0, kvm.Mm, Hva, Pfn, Writable: true, installedBy);
            return true;
        }
        translation = default;
        return false;
    }

    /// <summary>kvm->mn_active_invalidate_count: the count the cache (and a memslot update) relies on, which must return to 0.</summary>
    public long ActiveInvalidations => kvm.MnActiveInvalidateCount;

    public override string ToString() => Name;
}
