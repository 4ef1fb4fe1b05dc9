namespace Torture.Model;

/// <summary>
/// A shadow/EPT entry: gfn -> pfn. It holds no page reference (the 2008 design, §2.11): only the
/// notifier callbacks keep it from outliving the page.
/// </summary>
public sealed record Spte(PageRef Page, bool Writable, string InstalledBy)
{
    /// <summary>The gfn's attributes generation the fault read (<see cref="Kvm.AttributesGeneration"/>).</summary>
    public long Attributes { get; init; }

    public bool Dirty { get; set; }
    public bool Young { get; set; }

    /// <summary>The guest's TLB holds this entry (a walk put it there; a flush or the zap takes it out): a hit sets no accessed bit.</summary>
    public bool Cached { get; set; }
}
