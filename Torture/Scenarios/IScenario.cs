using Torture.Model;
using Torture.Systematic;

namespace Torture.Scenarios;

/// <summary>A set-up plus 2-3 threads of model operations that makes some mutants reachable (kernel-model.md §6.7).</summary>
public interface IScenario
{
    /// <summary>Kebab-case; also the program name recorded in schedule files.</summary>
    string Name { get; }

    string Description { get; }

    /// <summary>The mutants this scenario can expose (at least one invariant fires with each on).</summary>
    IReadOnlyList<Mutant> Exposes { get; }

    /// <summary>The program: each iteration builds a fresh kernel with <paramref name="faults"/> on, attaches every invariant, sets up, declares the threads.</summary>
    TestProgram Program(IReadOnlyCollection<Mutant> faults);
}
