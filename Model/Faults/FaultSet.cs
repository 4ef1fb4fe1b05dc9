namespace Torture.Model;

/// <summary>The mutants in force for one kernel instance; read at the line each one breaks.</summary>
public sealed class FaultSet
{
    private readonly bool[] on = new bool[Enum.GetValues<Mutant>().Length];

    public FaultSet(IEnumerable<Mutant>? faults = null)
    {
        foreach (var m in faults ?? Array.Empty<Mutant>()) on[(int)m] = true;
    }

    public bool On(Mutant m) => on[(int)m];

    public IReadOnlyList<Mutant> Active => Enum.GetValues<Mutant>().Where(On).ToList();
}
