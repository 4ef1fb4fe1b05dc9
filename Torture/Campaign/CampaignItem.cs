using Torture.Generator;
using Torture.Systematic;

namespace Torture.Campaign;

/// <summary>One program to explore in a campaign, with the fault switches it was built with.</summary>
/// <param name="Adjust">Per-item changes to the exploration options (a demo that wants lockdep off, the generated scenario's own budget).</param>
/// <param name="Shrinkable">A model scenario: a bug it finds is shrunk (the demos are not model programs).</param>
/// <param name="Coverage">What the generated scenario's iterations exercise, filled as it explores.</param>
public sealed record CampaignItem(string Name, IReadOnlyList<string> Faults, TestProgram Program,
    Func<ExplorationOptions, ExplorationOptions>? Adjust = null, bool Shrinkable = false, Coverage? Coverage = null);
