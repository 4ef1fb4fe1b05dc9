namespace Torture.Model;

/// <summary>
/// KVM touching guest memory through its pfn cache, as kvm_xen_update_runstate() or
/// kvm_setup_guest_pvclock() do: check under the lock, refresh without it when the check fails,
/// then read or write the page through the cached pfn with the lock held.
/// </summary>
public static class KvmGpcAccess
{
    /// <summary>True when the access went through the cache.</summary>
    [Operation("KvmGpcAccess")]
    public static bool Run(Kvm kvm, int gfn, bool write)
    {
        var gpc = kvm.Gpc;
        if (!gpc.Active) gpc.Activate(gfn);
        for (int attempt = 0; attempt < 2; attempt++)
        {
            gpc.Lock.Lock();   // read_lock_irqsave(&gpc->lock)
            if (gpc.Check(gfn))
            {
                // The lock keeps an invalidation from dropping the pfn between the check and the access.
                var page = gpc.Pfn;
                Sched.Note($"{kvm.Name} {(write ? "writes" : "reads")} gfn{gfn} through {gpc.Name} -> {page}");
                // No PTE or SPTE sees a store through the kernel mapping: the page itself is dirtied,
                // in the same step as the store (Model/README.md).
                if (write) kvm.Kernel.Pages.MarkDirty(page, gpc.Name);
                kvm.Kernel.Pages.UserAccess(kvm.Mm, Kvm.GfnToHva(gfn), page, write, viaWritable: true, $"{gpc.Name} gfn{gfn}");
                gpc.Lock.Unlock();
                return true;
            }
            gpc.Lock.Unlock();
            if (gpc.Refresh(gfn) != 0) return false;
        }
        return false;
    }
}
