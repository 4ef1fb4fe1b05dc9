using Torture.Model;
using Torture.Systematic;

namespace Torture.Scenarios;

/// <summary>
/// The young bitmap with two listeners: a lockless VM (kvmA: FAST, bitmaps) and a mainline one (kvmB,
/// which answers a bitmap UNRELIABLE) on one process. kswapd's look-around from va2 asks both about
/// va1 and va3 through one test_young; only kvmB saw va1 young, only kvmA va3. kvmB's guest reads va3
/// meanwhile, and MADV_DONTNEED zaps va1 (taking kvmB's accessed bit with it, as the contract allows).
/// </summary>
public sealed class LookAroundTwoVms : Scenario
{
    public override string Name => "lookaround-two-vms";

    public override string Description =>
        "Kswapd(va2, MGLRU look-around) || GuestAccess(kvmB gfn3, read) || MadviseDontneed(va1); kvmA lockless with bitmaps, kvmB mainline (3 threads)";

    public override IReadOnlyList<Mutant> Exposes { get; } = new[] { Mutant.LookAroundTrustsUnreliable, Mutant.TestYoungBitmapFirstWins };

    protected override void Build(Kernel k, ProgramBuilder p)
    {
        var mm = Setups.AnonProcess(k, "mm", 4);
        // kvmB first: the list is newest first, so kvmA is asked first and a first-wins dispatch stops there.
        var kvmB = Setups.Vm(mm, "kvmB", write: false, 1, 2, 3);
        var kvmA = Setups.BitmapVm(mm, "kvmA", 1, 2, 3);
        Setups.Aged(mm);
        GuestAccess.Run(kvmA, 2, write: false);   // the target: young in kvmA, whose answer is FAST
        GuestAccess.Run(kvmA, 3, write: false);   // a neighbour only kvmA saw young
        GuestAccess.Run(kvmB, 1, write: false);   // a neighbour only kvmB saw young
        var target = mm.PageTable[2].Page;
        p.Thread("kswapd", () => Reclaim.Kswapd(k, target, batchFlush: false, lookAround: true));
        p.Thread("vcpu", () => GuestAccess.Run(kvmB, 3, write: false));
        p.Thread("madvise", () => MadviseDontneed.Run(mm, 1, 2));
    }
}
