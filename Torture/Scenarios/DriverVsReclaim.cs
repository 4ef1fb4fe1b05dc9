using Torture.Model;
using Torture.Systematic;

namespace Torture.Scenarios;

/// <summary>
/// A driver listener whose start takes its own mutex meets both kinds of invalidation caller: kswapd's
/// reclaim (under the anon_vma lock, without mmap_lock) and madvise (mmap_lock held for read), while
/// the driver submits work under that mutex. Lockdep orders every lock a callback takes after the
/// invalidate_range_start map, and the map after every lock its callers hold.
/// </summary>
public sealed class DriverVsReclaim : Scenario
{
    public override string Name => "driver-vs-reclaim";

    public override string Description =>
        "Reclaim(anon page 0) || MadviseDontneed([1,2)) || device work holding dev->lock; listener: a trylock driver (3 threads)";

    public override IReadOnlyList<Mutant> Exposes { get; } = new[] { Mutant.ListenerTakesMmapLockInStart };

    protected override void Build(Kernel k, ProgramBuilder p)
    {
        var mm = Setups.AnonProcess(k, "mm", 2);
        var dev = Setups.Registered(new TrylockDevice("dev", mm));
        var target = mm.PageTable[0].Page;
        p.Thread("kswapd", () => Reclaim.Run(k, target, batchFlush: false));
        p.Thread("madvise", () => MadviseDontneed.Run(mm, 1, 2));
        p.Thread("dev", dev.Work);
    }
}
