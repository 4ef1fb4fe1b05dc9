namespace Torture.Model;

/// <summary>
/// A GPU that performs atomics on system memory through device-exclusive entries, like nouveau's
/// SVM (drivers/gpu/drm/nouveau/nouveau_svm.c): its own page table of exclusive mappings under a
/// driver lock, and an invalidation sequence its fault path samples before make_device_exclusive()
/// and checks before it maps (as mmu_interval_read_begin/retry). Its start reads the event and the
/// owner as nouveau does: an EXCLUSIVE invalidation it started itself is skipped, or its own fault
/// would never stop retrying; every other one drops the device's mappings in the range.
/// </summary>
public sealed class AtomicDevice : SecondaryDevice
{
    private readonly PageRef?[] mapped;
    private readonly string?[] mappedBy;

    public AtomicDevice(MmStruct mm, string name) : base(mm, name)
    {
        mapped = new PageRef?[mm.PageTable.Size];
        mappedBy = new string?[mm.PageTable.Size];
        // svmm->mutex in nouveau; a spinlock here, since a non-blockable invalidation must take it too.
        Lock = new Mutex("svmm->lock", name);
    }

    public Mutex Lock { get; }

    /// <summary>
    /// The device's TLB: an atomic through the mapping is one device access, which an unmap's TLB
    /// invalidation waits for. On real threads, a lock the access and the unmap both hold.
    /// </summary>
    internal NativeLock DeviceTlb { get; } = new();

    /// <summary>Bumped by every invalidation the device acts on; under <see cref="Lock"/>.</summary>
    public long Seq { get; private set; }

    /// <summary>Invalidations between their start and end; a fault waits for none before it samples <see cref="Seq"/>.</summary>
    public int Active { get; private set; }

    public bool Released { get; private set; }

    public PageRef? Mapping(int va) => mapped[va];

    public override MmuNotifierOp Implements => MmuNotifierOp.Release | MmuNotifierOp.InvalidateRangeStart | MmuNotifierOp.InvalidateRangeEnd;

    // nouveau_svm_invalidate(): "if (range->event == MMU_NOTIFY_EXCLUSIVE && range->owner == drm->dev) return true".
    private bool Skips(MmuNotifierRange range) =>
        range.Event == MmuNotifierEvent.Exclusive && (ReferenceEquals(range.Owner, this) || Kernel.Faults.On(Mutant.ExclusiveFilterIgnoresOwner));

    public override int InvalidateRangeStart(MmuNotifier sub, MmuNotifierRange range)
    {
        if (Skips(range)) return 0;
        Lock.Lock();
        Active++;
        Seq++;
        for (int va = Math.Max(0, range.Start); va < Math.Min(range.End, mapped.Length); va++) Unmap(va);
        Lock.Unlock();
        return 0;
    }

    public override void InvalidateRangeEnd(MmuNotifier sub, MmuNotifierRange range)
    {
        if (Skips(range)) return;
        Lock.Lock();
        Active--;
        Lock.Unlock();
    }

    public override void Release(MmuNotifier sub, MmStruct mm)
    {
        Lock.Lock();
        Released = true;
        for (int va = 0; va < mapped.Length; va++) Unmap(va);
        Lock.Unlock();
    }

    /// <summary>mmu_interval_read_begin(), reduced: the sequence, once no invalidation is in progress; null to retry.</summary>
    internal long? ReadBegin()
    {
        Lock.Lock();
        long? seq = Active == 0 ? Seq : null;
        Lock.Unlock();
        return seq;
    }

    /// <summary>Program the device's page table: under <see cref="Lock"/>, after the sequence check.</summary>
    internal void Map(int va, PageRef page)
    {
        KernelBug.On(!Lock.IsHeldByCurrent, $"{DeviceName}: mapping va{va} without {Lock.Name}");
        mapped[va] = page;
        mappedBy[va] = Sched.ThreadName;
        Sched.Note($"{DeviceName}: exclusive mapping va{va} -> {page}");
        Kernel.Events.SecondaryMapped(this, va);
    }

    private void Unmap(int va)
    {
        using var _ = DeviceTlb.Hold();
        if (mapped[va] is null) return;
        TryGetTranslation(va, out var old);
        mapped[va] = null;
        Kernel.Events.SecondaryUnmapped(this, va, old);
    }

    // ---- ISecondaryMmu -----------------------------------------------------------------------

    public override int TranslationSlots => mapped.Length;

    public override bool TryGetTranslation(int slot, out SecondaryTranslation translation)
    {
        if (mapped[slot] is { } page)
        {
            translation = new SecondaryTranslation("DEVPTE", slot, Mm, slot, page, true, mappedBy[slot]!, Exclusive: true);
            return true;
        }
        translation = default;
        return false;
    }

    public override long ActiveInvalidations => Active;
}
