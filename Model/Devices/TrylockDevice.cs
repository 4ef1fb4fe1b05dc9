namespace Torture.Model;

/// <summary>
/// A driver listener whose start takes a sleeping driver mutex (userptr-style drivers before interval
/// notifiers): in a non-blockable invalidation it may only trylock, and fails with -EAGAIN when its
/// device is busy. Such a listener must not implement end (§1.2). It maps nothing itself.
/// </summary>
public sealed class TrylockDevice : MmuNotifierOps, IMmuListener
{
    public TrylockDevice(string name, MmStruct mm)
    {
        DeviceName = name;
        Mm = mm;
        Lock = new Mutex("dev->lock", name);
        Notifier = new MmuNotifier($"{name}-notifier", this);
    }

    public string DeviceName { get; }
    public MmStruct Mm { get; }
    string IMmuListener.Name => DeviceName;
    public Mutex Lock { get; }
    public MmuNotifier Notifier { get; }

    public override string Name => $"{DeviceName} mmu_notifier_ops";

    public override MmuNotifierOp Implements => MmuNotifierOp.InvalidateRangeStart;

    public override int InvalidateRangeStart(MmuNotifier sub, MmuNotifierRange range)
    {
        if (range.Blockable)
        {
            Lock.Lock();
            Lock.Unlock();
            return 0;
        }
        if (!Lock.TryLock()) return Errno.EAGAIN;
        Lock.Unlock();
        return 0;
    }

    /// <summary>The driver using its device under its mutex, e.g. a command submission.</summary>
    [Operation("DeviceWork", PinsMm = false)]
    public static void Work(TrylockDevice dev) => dev.Work();

    /// <summary>The driver using its device under its mutex, e.g. a command submission.</summary>
    public void Work()
    {
        Lock.Lock();
        Sched.Yield($"{DeviceName} submits work");
        Lock.Unlock();
    }
}
