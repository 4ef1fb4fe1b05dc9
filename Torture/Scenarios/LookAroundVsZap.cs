using Torture.Model;
using Torture.Systematic;

namespace Torture.Scenarios;

/// <summary>
/// MGLRU's look-around with the 2024 young bitmap: kswapd checks va2, which a lockless VM (FAST,
/// bitmap) saw young, so its neighbours va1 and va3 are aged through one test_young and one
/// clear_young over [1,4), a range not starting at bit 0. Meanwhile the guest reads va1, which the
/// set-up left old, maybe between the test and the clear, and MADV_DONTNEED zaps va3.
/// </summary>
public sealed class LookAroundVsZap : Scenario
{
    public override string Name => "lookaround-vs-zap";

    public override string Description =>
        "Kswapd(va2, MGLRU look-around) || GuestAccess(gfn1, read) || MadviseDontneed(va3); a lockless VM taking young bitmaps (3 threads)";

    public override IReadOnlyList<Mutant> Exposes { get; } = new[] { Mutant.YoungBitmapAbsoluteIndex, Mutant.YoungClearIgnoresBitmap };

    protected override void Build(Kernel k, ProgramBuilder p)
    {
        var mm = Setups.AnonProcess(k, "mm", 4);
        var kvm = Setups.BitmapVm(mm, "kvm", 1, 2, 3);
        Setups.Aged(mm);
        GuestAccess.Run(kvm, 2, write: false);   // the target: young, and the VM's answer is FAST
        GuestAccess.Run(kvm, 3, write: false);   // a young neighbour: the clear_young names it
        var target = mm.PageTable[2].Page;
        p.Thread("kswapd", () => Reclaim.Kswapd(k, target, batchFlush: false, lookAround: true));
        p.Thread("vcpu", () => GuestAccess.Run(kvm, 1, write: false));
        p.Thread("madvise", () => MadviseDontneed.Run(mm, 3, 4));
    }
}
