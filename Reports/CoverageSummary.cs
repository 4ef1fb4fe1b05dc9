namespace Torture.Reports;

/// <summary>What a generated campaign exercised, as the reports show it.</summary>
public sealed record CoverageSummary(
    long Programs,
    IReadOnlyDictionary<string, long> Operations,
    int CatalogOperations,
    IReadOnlyList<string> ConcurrentPairs,
    int PossiblePairs,
    IReadOnlyDictionary<string, long> Callbacks)
{
    public string Line =>
        $"coverage: {Operations.Count}/{CatalogOperations} operations ran, {ConcurrentPairs.Count}/{PossiblePairs} pairs ran concurrently, {Callbacks.Count} kinds of listener callback, {Programs:N0} programs";
}
