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
    /// <summary>VM_MAYWRITE: mprotect may make it writable (set for every writable mmap).</summary>
    MayWrite = 32,
    /// <summary>VM_SOFTDIRTY: the whole VMA counts as soft-dirty (new VMAs; cleared by clear_refs).</summary>
    SoftDirty = 64,
}
