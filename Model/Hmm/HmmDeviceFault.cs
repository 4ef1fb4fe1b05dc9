namespace Torture.Model;

/// <summary>lib/test_hmm.c: dmirror_fault() -> dmirror_range_fault(): the interval notifier's read side (Documentation/mm/hmm.rst).</summary>
public static class HmmDeviceFault
{
    /// <summary>0 with [start, end) mapped in the device's table, or an errno (-EBUSY when it kept colliding).</summary>
    [Operation("HmmDeviceFault", PinsMm = false)]
    public static int Run(HmmMirror dev, int start, int end, bool write)
    {
        var mm = dev.Mm;
        // The mirror holds only mm_count (through its notifier): an exited mm has nothing to mirror.
        if (dev.Closed || !MmLifetime.MmgetNotZero(mm)) return Errno.EFAULT;
        int ret = RangeFault(dev, start, end, write);
        MmLifetime.Mmput(mm);
        return ret;
    }

    // dmirror_range_fault()
    private static int RangeFault(HmmMirror dev, int start, int end, bool write)
    {
        var mm = dev.Mm;
        var pfns = new PageRef[end - start];
        var writable = new bool[end - start];
        for (int attempt = 0; attempt < HmmMirror.MaxFaultRetries; attempt++)
        {
            long seq = dev.Notifier.ReadBegin();
            mm.MmapLock.DownRead();
            int ret = HmmRangeFault.Run(dev.Notifier, seq, mm, start, end, write, pfns, writable);
            mm.MmapLock.UpRead();
            if (ret == Errno.EBUSY) continue;
            if (ret != 0) return ret;
            bool early = dev.Kernel.Faults.On(Mutant.HmmRetryWithoutUserLock);
            bool collided = early && dev.Notifier.ReadRetry(seq);
            // read_retry under the lock invalidate takes: an invalidation that ran since read_begin
            // has set the seq by now, one that has not yet taken the lock will drop what we map.
            dev.Mutex.Lock();
            if (!early) collided = dev.Notifier.ReadRetry(seq);
            if (collided)
            {
                dev.Mutex.Unlock();
                continue;
            }
            dev.DoFault(start, pfns, writable);
            dev.Mutex.Unlock();
            return 0;
        }
        return Errno.EBUSY;
    }
}
