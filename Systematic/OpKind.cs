namespace Torture.Systematic;

/// <summary>The operation a logical thread is about to perform at a scheduling point.</summary>
public enum OpKind : byte
{
    Yield,
    Spawn,
    Join,
    Lock,
    TryLock,
    Unlock,
    DownRead,
    DownReadWait,
    DownReadTrylock,
    UpRead,
    DownWrite,
    DownWriteWait,
    DownWriteTrylock,
    UpWrite,
    DowngradeWrite,
    SemDown,
    SemUp,
    WaitEvent,
    WaitSleep,
    WakeUp,
    WakeUpAll,
    Load,
    Store,
    Exchange,
    CompareExchange,
    Add,
    Choose,
    Note,
    Exit,
    /// <summary>A thread's start: the scheduling point before any of its code runs.</summary>
    Start,
}
