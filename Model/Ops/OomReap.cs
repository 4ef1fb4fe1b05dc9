namespace Torture.Model;

/// <summary>mm/oom_kill.c: __oom_reap_task_mm(): unmap a killed task's private memory without sleeping.</summary>
public static class OomReap
{
    /// <summary>False when something was skipped (mmap_lock busy, or a listener could not invalidate without blocking).</summary>
    [Operation("OomReap", PinsMm = false)]
    public static bool Run(MmStruct mm)
    {
        if (!mm.MmapLock.DownReadTrylock()) return false;
        bool complete = true;
        foreach (var vma in mm.Vmas)
        {
            if (!vma.IsAnonymous && vma.Shared) continue;
            var tlb = new MmuGather(mm, fullmm: false);
            var range = new MmuNotifierRange(mm, vma.Start, vma.End, MmuNotifierEvent.Unmap, vma);
            if (MmuNotifierInvalidate.StartNonblock(range) != 0)
            {
                // A listener would have to sleep: leave the VMA alone and call no end (the core
                // already ended the starts that succeeded). NonblockCallerIgnoresEagain (B12): the
                // reaper zaps anyway, while the refusing listener still maps the range.
                if (mm.Kernel.Faults.On(Mutant.NonblockCallerIgnoresEagain)) ZapPageRange.UnmapPageRange(tlb, vma, vma.Start, vma.End);
                tlb.Finish();
                complete = false;
                continue;
            }
            ZapPageRange.UnmapPageRange(tlb, vma, vma.Start, vma.End);
            MmuNotifierInvalidate.End(range);
            tlb.Finish();
        }
        mm.MmapLock.UpRead();
        return complete;
    }
}
