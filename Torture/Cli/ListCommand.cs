using Torture.Campaign;
using Torture.Generator;
using Torture.Model;
using Torture.Scenarios;

namespace Torture.Cli;

/// <summary>torture list: the scenarios, the invariants and the mutants.</summary>
public static class ListCommand
{
    internal static readonly Dictionary<string, OptionKind> Options = new() { ["--assembly"] = OptionKind.Repeated };

    public static int Run(IReadOnlyList<string> args, TextWriter console)
    {
        var a = ParsedArgs.Parse("list", args, Options, maxPositional: 0);
        var own = UserScenarios.Load(a.Names("--assembly"));
        console.WriteLine("scenarios:");
        foreach (var s in ScenarioCatalog.All)
        {
            console.WriteLine($"  {s.Name,-28} {s.Description}{(own.Contains(s) ? $" (from {Path.GetFileName(s.GetType().Assembly.Location)})" : "")}");
            if (s.Exposes.Count > 0) console.WriteLine($"  {"",-28} exposes: {string.Join(", ", s.Exposes)}");
        }
        console.WriteLine($"operations the generated scenario draws ({OperationCatalog.ThreadOps.Count} for threads; set-up only: {string.Join(", ", OperationCatalog.All.Where(o => o.SetupOnly).Select(o => o.Name))}):");
        foreach (var o in OperationCatalog.ThreadOps)
        {
            var traits = new List<string>();
            if (o.Role != OperationRole.Plain) traits.Add(o.Role.ToString());
            if (o.PinsMm) traits.Add("pins its mm");
            console.WriteLine($"  {o.Signature,-52} {o.Method.DeclaringType!.Name}.{o.Method.Name}{(traits.Count > 0 ? $" ({string.Join(", ", traits)})" : "")}");
        }
        console.WriteLine("invariants:");
        // Listed by number (I2 before I12); the catalog's own order, which decides who sees an event first, stays as it is.
        foreach (var i in Catalog.Invariants.OrderBy(i => NumberOf(i.Name)).ThenBy(i => i.Name, StringComparer.Ordinal))
            console.WriteLine($"  {i.Name,-36} {i.Description}");
        console.WriteLine("mutants (torture run --mutant NAME):");
        foreach (var m in Enum.GetValues<Mutant>()) console.WriteLine($"  {m,-32} {Mutants.Describe(m)}");
        console.WriteLine("demos (torture demo):");
        foreach (var d in Catalog.Demos) console.WriteLine($"  {d.Name}");
        return 0;
    }

    private static int NumberOf(string invariant) =>
        int.TryParse(new string(invariant.Skip(1).TakeWhile(char.IsDigit).ToArray()), out var n) ? n : int.MaxValue;
}
