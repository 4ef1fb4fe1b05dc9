namespace Torture.Model;

/// <summary>
/// arch/x86/kvm/mmu/mmu.c: kvm_zap_gfn_range(), KVM's own zap when it changes what it decides of
/// some gfns (an MTRR or CR0.CD update changes their memory type, APICv inhibited changes the
/// APIC-access page): the SPTEs built under the old decision go, and a fault in flight that made it
/// before the change must not bring one back (§5 B23).
/// </summary>
public static class KvmZapGfnRange
{
    [Operation("KvmZapGfnRange")]
    public static void Run(Kvm kvm, int start, int end)
    {
        if (end <= start) return;   // WARN_ON_ONCE(gfn_end <= gfn_start)
        // The model changes the attributes inside the zap's mmu_lock hold; the kernel writes them just
        // before it, and a fault that reads them in between is caught the same way (Model/README.md).
        kvm.MmuLock.DownWrite();
        // begin/end around the zap bump the seq a fault in flight checks under mmu_lock: it read the
        // old attributes, so it must retry instead of installing what it decided (edb298c663fc).
        bool count = !kvm.Kernel.Faults.On(Mutant.InternalZapNoBeginEnd);
        if (count)
        {
            kvm.InvalidateBegin();
            kvm.InvalidateRangeAdd(start, end);
        }
        for (int gfn = Math.Max(0, start); gfn < Math.Min(end, kvm.Gfns); gfn++) kvm.ChangeAttributes(gfn);
        kvm.ZapGfnRange(start, end);
        if (count) kvm.InvalidateEnd();
        kvm.MmuLock.UpWrite();
    }
}
