namespace Torture.Model;

/// <summary>
/// A pfn as somebody holds it (PTE, SPTE, TLB entry, GUP result): the frame plus the generation it
/// had when the reference was taken. It is stale once the frame was freed, even if reused since.
/// </summary>
public readonly record struct PageRef(Page Page, int Generation)
{
    public bool IsLive => !Page.Freed && Page.Generation == Generation;

    public bool Is(Page page) => ReferenceEquals(Page, page) && Generation == page.Generation && !page.Freed;

    public override string ToString() => Page is null ? "no page" : $"page#{Page.Pfn}.g{Generation}";
}
