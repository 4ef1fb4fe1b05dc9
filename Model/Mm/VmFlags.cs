namespace Torture.Model;

[Flags]
public enum VmFlags
{
    None = 0,
    Read = 1,
    Write = 2,
    Shared = 4,
    Locked = 8,
    Hugetlb = 16,
}
