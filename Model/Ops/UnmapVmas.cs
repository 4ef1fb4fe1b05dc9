namespace Torture.Model;

/// <summary>mm/memory.c: unmap_vmas(): one UNMAP invalidation around the whole span, then every VMA in it.</summary>
public static class UnmapVmas
{
    public static void Run(MmuGather tlb, MmStruct mm, IReadOnlyList<Vma> vmas, int start, int end)
    {
        var range = new MmuNotifierRange(mm, start, end, MmuNotifierEvent.Unmap);
        MmuNotifierInvalidate.Start(range);
        foreach (var vma in vmas)
        {
            int s = Math.Max(start, vma.Start), e = Math.Min(end, vma.End);
            if (s < e) ZapPageRange.UnmapPageRange(tlb, vma, s, e);
        }
        MmuNotifierInvalidate.End(range);
    }
}
