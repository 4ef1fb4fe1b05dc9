namespace Torture.Model;

/// <summary>mm/mmu_notifier.c: __mmu_notifier_arch_invalidate_secondary_tlbs(), called from the arch TLB flush.</summary>
public static class MmuNotifierSecondaryTlbs
{
    public static void ArchInvalidate(MmStruct mm, int start, int end) =>
        MmuNotifierList.CallEach(mm, MmuNotifierOp.ArchInvalidateSecondaryTlbs, (mm, start, end),
            static (k, sub, s) => NotifierCall.ArchInvalidateSecondaryTlbs(k, sub, s.mm, s.start, s.end));
}
