namespace Torture.Invariants;

/// <summary>
/// One checker. <see cref="Attach"/> runs once per iteration, before the scenario's set-up: it
/// subscribes per-iteration state to the kernel's events and registers step or end checks. A violation
/// is reported with <c>Sched.Fail(Name, message)</c>, so <see cref="Name"/> is the bug's check.
/// </summary>
public interface IInvariant
{
    /// <summary>"I1 NoFreeWhileSecondaryMapped": the number from kernel-model.md §6.4, then the name.</summary>
    string Name { get; }

    string Description { get; }

    void Attach(Kernel kernel, ProgramBuilder program);
}
