namespace Torture.Model;

/// <summary>
/// mm/mmu_notifier.c: __mmu_notifier_change_pte(), called by set_pte_at_notify() until v6.9 removed
/// both. Only a fault switch calls it today: since 6bdb913f0a70 (2012) its callers put it inside
/// start/end, where it finds no SPTE left to change (B21).
/// </summary>
public static class MmuNotifierChangePte
{
    public static void Notify(MmStruct mm, int va, Pte pte) =>
        MmuNotifierList.CallEach(mm, MmuNotifierOp.ChangePte, (mm, va, pte), static (k, sub, s) => NotifierCall.ChangePte(k, sub, s.mm, s.va, s.pte));
}
