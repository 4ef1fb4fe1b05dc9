namespace Torture.Model;

/// <summary>
/// mm/ksm.c: struct ksm_stable_node: a merged page's reverse map, one rmap_item per (anon_vma,
/// address) merged into it. Items are not removed when a mapping goes away: the rmap walk checks the
/// PTE, as the kernel's does.
/// </summary>
public sealed class KsmStableNode
{
    private readonly List<(AnonVma AnonVma, int Va)> rmapItems = new(2);

    public IReadOnlyList<(AnonVma AnonVma, int Va)> RmapItems => rmapItems;

    /// <summary>stable_tree_append().</summary>
    internal void Append(AnonVma av, int va)
    {
        if (!rmapItems.Contains((av, va))) rmapItems.Add((av, va));
    }
}
