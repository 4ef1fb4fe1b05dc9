using Torture.Invariants;
using Torture.Model;
using Torture.Systematic;

namespace Torture.Scenarios;

/// <summary>What every scenario shares: a fresh kernel per iteration, every invariant attached before the set-up.</summary>
public abstract class Scenario : IScenario
{
    /// <summary>Ties schedule files to the model, invariant and scenario code they were recorded against.</summary>
    public static string Fingerprint { get; } =
        Fingerprints.Of(typeof(Kernel).Assembly, typeof(IInvariant).Assembly, typeof(Scenario).Assembly);

    public abstract string Name { get; }
    public abstract string Description { get; }
    public abstract IReadOnlyList<Mutant> Exposes { get; }

    public TestProgram Program(IReadOnlyCollection<Mutant> faults)
    {
        var switches = faults.ToArray();
        return new TestProgram(Name, p =>
        {
            var kernel = new Kernel(switches);
            InvariantCatalog.AttachAll(kernel, p);
            Build(kernel, p);
        }, Fingerprint);
    }

    /// <summary>Set up the kernel state (runs alone, no scheduling decisions) and declare the threads with <see cref="Thread"/>.</summary>
    protected abstract void Build(Kernel k, ProgramBuilder p);

    /// <summary>
    /// Declare a thread whose first action is a scheduling point. Systematic runs a thread's code up
    /// to its first scheduling point at start-up, in declaration order, as if it were thread-local;
    /// model operations read and write shared state before their first lock (an SRCU read lock, an
    /// hlist_unhashed test), so without this point those prefixes could never interleave.
    /// </summary>
    public static void Thread(ProgramBuilder p, string name, Action body) => p.Thread(name, () =>
    {
        Sched.Yield();
        body();
    });

    public override string ToString() => Name;
}
