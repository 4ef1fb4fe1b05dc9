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
        Lock = new Mutex("dev->lock", name, sleeps: true);
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
        // NonblockListenerSleeps (B12): the driver takes its mutex in the OOM reaper's invalidation too.
        if (range.Blockable || Mm.Kernel.Faults.On(Mutant.NonblockListenerSleeps))
        {
            // ListenerTakesMmapLockInStart: the driver looks its VMAs up in start; munmap and madvise
            // call start with mmap_lock held, reclaim without it.
            bool lookup = Mm.Kernel.Faults.On(Mutant.ListenerTakesMmapLockInStart);
            if (lookup) Mm.MmapLock.DownRead();
            Lock.Lock();
            Lock.Unlock();
            if (lookup) Mm.MmapLock.UpRead();
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
