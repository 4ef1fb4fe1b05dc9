using Torture.Systematic;

namespace Torture.Campaign;

/// <summary>One program to explore in a campaign, with the fault switches it was built with.</summary>
/// <param name="Adjust">Per-item changes to the exploration options (a demo that wants lockdep off).</param>
public sealed record CampaignItem(string Name, IReadOnlyList<string> Faults, TestProgram Program, Func<ExplorationOptions, ExplorationOptions>? Adjust = null);
