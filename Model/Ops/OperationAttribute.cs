namespace Torture.Model;

/// <summary>What an operation does to the lifetime of the object its first listener or mm argument names.</summary>
public enum OperationRole
{
    Plain,
    /// <summary>mmu_notifier_register(): the listener starts receiving callbacks.</summary>
    RegistersListener,
    /// <summary>mmu_notifier_unregister(): the listener stops; it is not freed.</summary>
    UnregistersListener,
    /// <summary>Unregister and free (kvm_destroy_vm): nobody else may use the listener at all.</summary>
    DestroysListener,
    /// <summary>The process drops its own mm_users reference (exit): at most once per mm.</summary>
    ExitsMm,
}

/// <summary>
/// Marks a static method as a thread body the scenario generator may draw: writing one is all it
/// takes to join the generated scenarios. Its arguments are drawn by type (and, for ints, by name:
/// va or va2, gfn, start/end), its preconditions follow from them and from <see cref="Role"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OperationAttribute(string name) : Attribute
{
    public string Name { get; } = name;

    public OperationRole Role { get; init; }

    /// <summary>
    /// The body runs inside mmget_not_zero() / mmput() on its mm, as a task of the process or a remote
    /// accessor does (and is skipped once the mm has exited). False for those that hold only
    /// mm_count (kswapd, the OOM reaper, a VM's teardown) or that are the process's own exit.
    /// </summary>
    public bool PinsMm { get; init; } = true;

    /// <summary>
    /// It decides on pages' accessed bits (reclaim's reference check, an idle scan): the generator
    /// ages the world's pages at the end of the set-up, as a scan before it would, so that an
    /// access by another thread is what decides.
    /// </summary>
    public bool Ages { get; init; }
}
