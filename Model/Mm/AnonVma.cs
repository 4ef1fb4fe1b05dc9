namespace Torture.Model;

/// <summary>
/// include/linux/rmap.h: struct anon_vma. Forked children get their own anon_vma with the parent's
/// root; the rwsem and the take-all-locks mark live in the root.
/// </summary>
public sealed class AnonVma
{
    private readonly RwSemaphore? rwsem;
    private readonly List<Vma> vmas = new(2);

    internal AnonVma(string name, AnonVma? parent)
    {
        Name = name;
        Root = parent?.Root ?? this;
        if (parent is null) rwsem = new RwSemaphore("anon_vma->rwsem", name);
    }

    public string Name { get; }
    public AnonVma Root { get; }

    /// <summary>anon_vma->root->rwsem.</summary>
    public RwSemaphore Rwsem => Root.rwsem!;

    /// <summary>
    /// The LSB of root->rb_root.rb_root.rb_node: "already locked by mm_take_all_locks()". Only set or
    /// cleared while the root rwsem is held for write, so a plain field is what the kernel has too.
    /// </summary>
    public bool RootMark { get; internal set; }

    /// <summary>The interval tree of anon_vma_chains: every VMA that may map a page of this anon_vma.</summary>
    public IReadOnlyList<Vma> Vmas => vmas;

    internal void Link(Vma vma) => vmas.Add(vma);

    internal void Unlink(Vma vma) => vmas.Remove(vma);

    public override string ToString() => Name;
}
