namespace Torture.Model;

/// <summary>mm/mmu_notifier.c: __mmu_notifier_arch_invalidate_secondary_tlbs(), called from the arch TLB flush.</summary>
public static class MmuNotifierSecondaryTlbs
{
    public static void ArchInvalidate(MmStruct mm, int start, int end)
    {
        if (mm.NotifierSubscriptions is not { } subs) return;
        var k = mm.Kernel;
        int id = k.Srcu.ReadLock();
        for (var n = subs.List.First; n is not null; n = n.Next)
        {
            if (n.Owner.Ops?.Has(MmuNotifierOp.ArchInvalidateSecondaryTlbs) == true)
                NotifierCall.ArchInvalidateSecondaryTlbs(k, n.Owner, mm, start, end);
        }
        k.Srcu.ReadUnlock(id);
    }
}
