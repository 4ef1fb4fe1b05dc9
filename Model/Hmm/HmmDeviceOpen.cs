namespace Torture.Model;

/// <summary>lib/test_hmm.c: dmirror_fops_open(): insert the mirror's interval notifier into the process's tree.</summary>
public static class HmmDeviceOpen
{
    /// <summary>True when inserted; false when it already was, or on error.</summary>
    [Operation("HmmDeviceOpen", Role = OperationRole.RegistersListener)]
    public static bool Run(HmmMirror dev) => dev.Notifier.Mm is null && dev.Insert(SignalPending.Never()) == 0;
}
