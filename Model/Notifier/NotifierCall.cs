namespace Torture.Model;

/// <summary>
/// How the core calls a listener's op: announced to the observers before and after, so checkers see
/// exactly the window in which a callback runs (the kernel's lockdep map around start/end plays this role).
/// </summary>
internal static class NotifierCall
{
    public static void Release(Kernel k, MmuNotifier sub, MmStruct mm)
    {
        var ops = Begin(k, sub, MmuNotifierOp.Release, null);
        ops.Release(sub, mm);
        Finish(k, sub, MmuNotifierOp.Release, null, 0);
    }

    public static int Start(Kernel k, MmuNotifier sub, MmuNotifierRange range)
    {
        var ops = Begin(k, sub, MmuNotifierOp.InvalidateRangeStart, range);
        int ret = ops.InvalidateRangeStart(sub, range);
        Finish(k, sub, MmuNotifierOp.InvalidateRangeStart, range, ret);
        return ret;
    }

    public static void End(Kernel k, MmuNotifier sub, MmuNotifierRange range)
    {
        var ops = Begin(k, sub, MmuNotifierOp.InvalidateRangeEnd, range);
        ops.InvalidateRangeEnd(sub, range);
        Finish(k, sub, MmuNotifierOp.InvalidateRangeEnd, range, 0);
    }

    public static void ArchInvalidateSecondaryTlbs(Kernel k, MmuNotifier sub, MmStruct mm, int start, int end)
    {
        var ops = Begin(k, sub, MmuNotifierOp.ArchInvalidateSecondaryTlbs, null);
        ops.ArchInvalidateSecondaryTlbs(sub, mm, start, end);
        Finish(k, sub, MmuNotifierOp.ArchInvalidateSecondaryTlbs, null, 0);
    }

    public static void ChangePte(Kernel k, MmuNotifier sub, MmStruct mm, int va, Pte pte)
    {
        var ops = Begin(k, sub, MmuNotifierOp.ChangePte, null);
        ops.ChangePte(sub, mm, va, pte);
        Finish(k, sub, MmuNotifierOp.ChangePte, null, 0);
    }

    /// <summary>One of the young ops; the bitmap's word before the call goes to the observers with the result.</summary>
    public static MmuNotifierYoungFlags Young(Kernel k, MmuNotifier sub, MmuNotifierOp op, MmStruct mm, int start, int end, YoungBitmap? bitmap)
    {
        var ops = Begin(k, sub, op, null);
        ulong before = bitmap?.Bits ?? 0;
        var ret = op switch
        {
            MmuNotifierOp.ClearFlushYoung => ops.ClearFlushYoung(sub, mm, start, end),
            MmuNotifierOp.ClearYoung => ops.ClearYoung(sub, mm, start, end, bitmap),
            MmuNotifierOp.TestYoung => ops.TestYoung(sub, mm, start, end, bitmap),
            _ => throw new ArgumentOutOfRangeException(nameof(op), op, "not a young op"),
        };
        k.Events.YoungOpReturned(sub, op, start, end, before, bitmap, ret);
        Finish(k, sub, op, null, (int)ret);
        return ret;
    }

    public static bool IntervalInvalidate(Kernel k, MmuIntervalNotifier sub, MmuNotifierRange range, long curSeq)
    {
        k.Events.IntervalInvalidateBegin(sub, range);
        Sched.Note($"-> {sub}.invalidate({range}, cur_seq {curSeq})");
        bool ok = sub.Ops.Invalidate(sub, range, curSeq);
        Sched.Note($"<- {sub}.invalidate{(ok ? "" : " = false")}");
        k.Events.IntervalInvalidateEnd(sub, range, ok);
        return ok;
    }

    private static MmuNotifierOps Begin(Kernel k, MmuNotifier sub, MmuNotifierOp op, MmuNotifierRange? range)
    {
        k.Events.CallbackBegin(sub, op, range);
        Sched.Note($"-> {sub}.{op}{(range is null ? "" : $"({range})")}");
        KernelBug.On(sub.Ops is null, $"{sub}.{op} called through a notifier whose ops are not set: NULL dereference");
        return sub.Ops!;
    }

    private static void Finish(Kernel k, MmuNotifier sub, MmuNotifierOp op, MmuNotifierRange? range, int ret)
    {
        Sched.Note($"<- {sub}.{op}{(ret == 0 ? "" : $" = {ret}")}");
        k.Events.CallbackEnd(sub, op, range, ret);
    }
}
