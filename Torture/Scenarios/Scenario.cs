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

    public TestProgram Program(IReadOnlyCollection<Mutant> faults) => Program(faults, InvariantCatalog.All);

    /// <summary>The program with only <paramref name="invariants"/> attached (to show which check sees a bug).</summary>
    public TestProgram Program(IReadOnlyCollection<Mutant> faults, IReadOnlyList<IInvariant> invariants)
    {
        var switches = faults.ToArray();
        // A user's scenario lives in its own assembly: its schedules belong to that code too.
        var fingerprint = GetType().Assembly == typeof(Scenario).Assembly ? Fingerprint
            : Fingerprints.Of(typeof(Kernel).Assembly, typeof(IInvariant).Assembly, typeof(Scenario).Assembly, GetType().Assembly);
        return new TestProgram(Name, p =>
        {
            var kernel = new Kernel(switches);
            foreach (var invariant in invariants) invariant.Attach(kernel, p);
            Build(kernel, p);
        }, fingerprint);
    }

    /// <summary>Set up the kernel state (runs alone, no scheduling decisions) and declare the threads.</summary>
    protected abstract void Build(Kernel k, ProgramBuilder p);

    public override string ToString() => Name;
}
