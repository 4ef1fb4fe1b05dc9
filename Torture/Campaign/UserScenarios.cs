using System.Reflection;
using Torture.Scenarios;
using Torture.Systematic;

namespace Torture.Campaign;

/// <summary>
/// --assembly FILE: a user's own scenarios, found the way the invariants are, by type: every public,
/// non-abstract class of the assembly that implements <see cref="IScenario"/> and has a
/// parameterless constructor joins the catalog, so run, list, replay and minimize know it.
/// </summary>
public static class UserScenarios
{
    public static IReadOnlyList<IScenario> Load(IEnumerable<string> paths) => paths.SelectMany(Load).ToList();

    public static IReadOnlyList<IScenario> Load(string path)
    {
        if (!File.Exists(path)) throw new TortureInputException($"--assembly: no such file '{path}'");
        Assembly assembly;
        try { assembly = System.Runtime.Loader.AssemblyLoadContext.Default.LoadFromAssemblyPath(Path.GetFullPath(path)); }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException)
        {
            throw new TortureInputException($"--assembly: '{path}' is not a .NET assembly this runtime can load: {e.Message.Split('\n')[0]}");
        }
        Type[] types;
        try { types = assembly.GetExportedTypes(); }
        catch (ReflectionTypeLoadException e) { throw new TortureInputException($"--assembly: '{path}' needs an assembly that is not here: {e.LoaderExceptions.FirstOrDefault()?.Message}"); }
        var found = types
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IScenario).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (IScenario)Activator.CreateInstance(t)!)
            .ToList();
        if (found.Count == 0) throw new TortureInputException($"--assembly: '{path}' has no public scenario (a class deriving from Torture.Scenarios.Scenario with a parameterless constructor)");
        foreach (var s in found)
        {
            if (string.IsNullOrWhiteSpace(s.Name) || s.Name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is ',' or '/' or '\\'))
                throw new TortureInputException($"--assembly: scenario {s.GetType().FullName} has the name '{s.Name}': use kebab-case, without spaces, commas or slashes");
            if (!ScenarioCatalog.Add(s)) throw new TortureInputException($"--assembly: scenario '{s.Name}' of {s.GetType().FullName} is already a scenario's name");
        }
        return found;
    }
}
