namespace Torture.Model;

/// <summary>lib/test_hmm.c: dmirror_fops_release(): the last close removes the interval notifier and frees the mirror.</summary>
public static class HmmDeviceClose
{
    [Operation("HmmDeviceClose", Role = OperationRole.DestroysListener, PinsMm = false)]
    public static void Run(HmmMirror dev) => dev.Close();
}
