namespace Torture.Model;

/// <summary>include/linux/mm_types.h: vm_fault_t, reduced.</summary>
public enum VmFault
{
    /// <summary>Handled (or raced with another fault that handled it): retry the access.</summary>
    Done,
    Oom,
    Sigsegv,
}
