using System.Reflection;
using Torture.Model;

namespace Torture.Generator;

/// <summary>
/// Every operation the generator can draw, found by the [Operation] attribute: the model's thread
/// bodies (Model/Ops, Model/Kvm, registration, teardown, devices) and the set-up-only world builders
/// of <see cref="World"/>. Sorted by name, so draws do not depend on reflection order.
/// </summary>
public static class OperationCatalog
{
    public static IReadOnlyList<OperationSpec> All { get; } = Build();

    /// <summary>Operations a thread may run (the world builders run only in the set-up).</summary>
    public static IReadOnlyList<OperationSpec> ThreadOps { get; } = All.Where(o => !o.SetupOnly).ToList();

    public static OperationSpec? Find(string name) => All.FirstOrDefault(o => o.Name == name);

    private static List<OperationSpec> Build()
    {
        var specs = new List<OperationSpec>();
        foreach (var (assembly, setupOnly) in new[] { (typeof(Kernel).Assembly, false), (typeof(World).Assembly, true) })
        {
            foreach (var type in assembly.GetTypes())
            {
                foreach (var m in type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
                {
                    if (m.GetCustomAttribute<OperationAttribute>() is { } a) specs.Add(new OperationSpec(m, a, setupOnly));
                }
            }
        }
        var dup = specs.GroupBy(s => s.Name).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new InvalidOperationException($"two operations are named {dup.Key}");
        return specs.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
    }
}
