namespace Torture.Invariants;

/// <summary>Reading the translations the model holds, for checkers.</summary>
internal static class Translations
{
    /// <summary>Every secondary translation, secondary by secondary, slot by slot.</summary>
    public static IEnumerable<(ISecondaryMmu Mmu, SecondaryTranslation T)> Secondary(Kernel k)
    {
        foreach (var mmu in k.Secondaries)
        {
            for (int slot = 0; slot < mmu.TranslationSlots; slot++)
            {
                if (mmu.TryGetTranslation(slot, out var t)) yield return (mmu, t);
            }
        }
    }

    /// <summary>Every CPU TLB entry.</summary>
    public static IEnumerable<(Cpu Cpu, TlbEntry E)> CpuTlbs(Kernel k)
    {
        foreach (var cpu in k.Cpus)
        {
            foreach (var e in cpu.Tlb) yield return (cpu, e);
        }
    }

    public static string Registration(ISubscription sub) => sub.Subscribed ? "registered" : sub.State;
}
