namespace Torture.Model;

/// <summary>The negative error codes the modelled paths return.</summary>
public static class Errno
{
    public const int EINTR = -4;
    public const int ENOMEM = -12;
    public const int EACCES = -13;
    public const int EAGAIN = -11;
    public const int EINVAL = -22;
    public const int EBUSY = -16;
    public const int EFAULT = -14;
    public const int EEXIST = -17;
    public const int EOVERFLOW = -75;
}
