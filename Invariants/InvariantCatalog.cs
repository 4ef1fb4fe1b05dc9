namespace Torture.Invariants;

/// <summary>Every invariant in this assembly, found by type (adding one is adding one file), sorted by name.</summary>
public static class InvariantCatalog
{
    public static IReadOnlyList<IInvariant> All { get; } = typeof(InvariantCatalog).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IInvariant).IsAssignableFrom(t))
        .Select(t => (IInvariant)Activator.CreateInstance(t)!)
        .OrderBy(i => i.Name, StringComparer.Ordinal)
        .ToList();

    public static IInvariant? Find(string name) => All.FirstOrDefault(i => i.Name == name);

    /// <summary>Attach every invariant to a fresh kernel, in catalog order (which is the order they see each event).</summary>
    public static void AttachAll(Kernel kernel, ProgramBuilder program)
    {
        foreach (var invariant in All) invariant.Attach(kernel, program);
    }
}
