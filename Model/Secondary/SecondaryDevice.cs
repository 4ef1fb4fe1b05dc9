namespace Torture.Model;

/// <summary>
/// What a device driver that mirrors an mm's pages has in common: its subscription (it is its own
/// mmu_notifier_ops), the mm it is bound to, and its place among the kernel's secondary MMUs.
/// </summary>
public abstract class SecondaryDevice : MmuNotifierOps, ISecondaryMmu, IMmuListener
{
    protected SecondaryDevice(MmStruct mm, string name)
    {
        Kernel = mm.Kernel;
        Mm = mm;
        DeviceName = name;
        Notifier = new MmuNotifier($"{name}-notifier", this);
        Kernel.AddSecondary(this);
    }

    public Kernel Kernel { get; }
    public MmStruct Mm { get; }
    public string DeviceName { get; }
    public MmuNotifier Notifier { get; }
    string IMmuListener.Name => DeviceName;
    string ISecondaryMmu.Name => DeviceName;
    ISubscription ISecondaryMmu.Subscription => Notifier;

    public override string Name => $"{DeviceName} mmu_notifier_ops";

    public abstract int TranslationSlots { get; }

    public abstract bool TryGetTranslation(int slot, out SecondaryTranslation translation);

    public abstract long ActiveInvalidations { get; }

    public virtual bool SharesCpuPageTable => false;

    public override string ToString() => DeviceName;
}
