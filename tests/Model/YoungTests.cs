using Torture.Model;
using Torture.Scenarios;
using Torture.Systematic;
using Xunit;

namespace Torture.Tests.Model;

/// <summary>
/// The young ops: what the dispatchers hand on, what each caller does with each combination of the
/// return flags (Model/README.md, "Aging"), and KVM's side of the contract.
/// </summary>
public class YoungTests
{
    private const MmuNotifierYoungFlags Y = MmuNotifierYoungFlags.Young, U = MmuNotifierYoungFlags.BitmapUnreliable, F = MmuNotifierYoungFlags.Fast, None = MmuNotifierYoungFlags.None;

    /// <summary>A listener answering the young ops from a script, and writing down how it was asked.</summary>
    private sealed class Scripted(string name, Func<MmuNotifierOp, int, int, YoungBitmap?, MmuNotifierYoungFlags> answer) : MmuNotifierOps
    {
        public readonly List<string> Calls = new();
        public override string Name => name;
        public override MmuNotifierOp Implements => MmuNotifierOp.ClearFlushYoung | MmuNotifierOp.ClearYoung | MmuNotifierOp.TestYoung;
        public override MmuNotifierYoungFlags ClearFlushYoung(MmuNotifier sub, MmStruct mm, int start, int end) => Ask(MmuNotifierOp.ClearFlushYoung, start, end, null);
        public override MmuNotifierYoungFlags ClearYoung(MmuNotifier sub, MmStruct mm, int start, int end, YoungBitmap? bitmap) => Ask(MmuNotifierOp.ClearYoung, start, end, bitmap);
        public override MmuNotifierYoungFlags TestYoung(MmuNotifier sub, MmStruct mm, int start, int end, YoungBitmap? bitmap) => Ask(MmuNotifierOp.TestYoung, start, end, bitmap);

        private MmuNotifierYoungFlags Ask(MmuNotifierOp op, int start, int end, YoungBitmap? bitmap)
        {
            // The bitmap as the caller passed it in (for test_young, before the answer fills it).
            Calls.Add($"{op} [{start},{end}){(bitmap is null ? "" : $" {bitmap}")}");
            return answer(op, start, end, bitmap);
        }
    }

    /// <summary>The conclusions the scans reached, in order.</summary>
    private sealed class Conclusions : IKernelObserver
    {
        public readonly List<string> All = new();
        public void AgingScanned(PageRef page, bool young, string how, MmStruct? within) => All.Add($"{how} {page} {(young ? "young" : "old")}");
    }

    /// <summary>An anonymous process of 4 pages, all written once, then aged (every accessed bit clear), with <paramref name="listeners"/> registered.</summary>
    private static (MmStruct Mm, Conclusions Seen) World(Kernel k, params MmuNotifierOps[] listeners)
    {
        var mm = k.NewMm("mm", 4);
        Mmap.Region(mm, "mm:anon", 0, 4, VmFlags.Read | VmFlags.Write);
        var cpu = k.NewCpu("cpu0");
        for (int va = 0; va < 4; va++) CpuAccess.Run(cpu, mm, va, write: true);
        for (int va = 0; va < 4; va++) Assert.False(Reclaim.Kswapd(k, mm.PageTable[va].Page, batchFlush: false, lookAround: false));
        foreach (var l in listeners) Assert.Equal(0, MmuNotifierRegister.Register(new MmuNotifier(l.Name, l), mm, SignalPending.Never()));
        var seen = new Conclusions();
        k.Observe(seen);
        return (mm, seen);
    }

    private static string Page(MmStruct mm, int va) => mm.PageTable[va].Page.ToString();

    public static TheoryData<string, MmuNotifierYoungFlags, MmuNotifierYoungFlags, int, MmuNotifierYoungFlags, string, string> LookAroundCases() => new()
    {
        // name, the target's clear_young, test_young (sets va1 when given a bitmap), clear_young of a
        // neighbour alone (young for va3 only, unless 0), the bitmap clear_young; expected calls; expected neighbour conclusions
        { "old target: reclaimed, no look-around", None, None, 0, None, "ClearYoung [2,3)", "" },
        { "FAST without YOUNG: old, no look-around", F, None, 0, None, "ClearYoung [2,3)", "" },
        { "YOUNG: mainline, each neighbour alone", Y, None, 3, None, "ClearYoung [2,3) | ClearYoung [1,2) | ClearYoung [3,4)", "1 old, 3 young" },
        { "YOUNG|FAST: one bitmap test, a clear of exactly what it reported", Y | F, Y | F, 0, Y, "ClearYoung [2,3) | TestYoung [1,4) [1,4):000 | ClearYoung [1,4) [1,4):100", "1 young, 3 old" },
        { "YOUNG|FAST, test without a young page: nothing to clear", Y | F, F, 0, None, "ClearYoung [2,3) | TestYoung [1,4) [1,4):000", "1 old, 3 old" },
        { "test UNRELIABLE: the bitmap is ignored, each neighbour asked alone", Y | F, Y | U, 3, None, "ClearYoung [2,3) | TestYoung [1,4) [1,4):000 | ClearYoung [1,2) | ClearYoung [3,4)", "1 old, 3 young" },
        { "test YOUNG|UNRELIABLE|FAST: still ignored", Y | F, Y | U | F, 3, None, "ClearYoung [2,3) | TestYoung [1,4) [1,4):000 | ClearYoung [1,2) | ClearYoung [3,4)", "1 old, 3 young" },
        { "clear UNRELIABLE: the conclusions stand, nothing is asked again", Y | F, Y | F, 0, Y | U, "ClearYoung [2,3) | TestYoung [1,4) [1,4):000 | ClearYoung [1,4) [1,4):100", "1 young, 3 old" },
    };

    [Theory]
    [MemberData(nameof(LookAroundCases))]
    public void LookAroundReactsToEachCombinationOfFlags(string name, MmuNotifierYoungFlags target, MmuNotifierYoungFlags test, int aloneYoung,
        MmuNotifierYoungFlags bitmapClear, string calls, string neighbours)
    {
        Solo.Run(k =>
        {
            var listener = new Scripted("scripted", (op, start, end, bitmap) => (op, bitmap) switch
            {
                (MmuNotifierOp.ClearYoung, null) when start == 2 => target,
                (MmuNotifierOp.ClearYoung, null) => start == aloneYoung ? Y : None,
                (MmuNotifierOp.ClearYoung, _) => bitmapClear,
                (MmuNotifierOp.TestYoung, { } b) => Fill(b, test),
                _ => throw new InvalidOperationException($"{name}: unexpected {op}"),
            });
            var (mm, seen) = World(k, listener);
            string p1 = Page(mm, 1), p2 = Page(mm, 2), p3 = Page(mm, 3);
            bool freed = Reclaim.Kswapd(k, mm.PageTable[2].Page, batchFlush: false, lookAround: true);
            Assert.Equal(calls, string.Join(" | ", listener.Calls));
            bool young = target.IsYoung();
            Assert.Equal(!young, freed);
            var expected = neighbours.Length == 0 ? new List<string>() : neighbours.Split(", ").Select(n =>
                $"lru_gen_look_around {(n[0] == '1' ? p1 : p3)} {n[2..]}").ToList();
            expected.Add($"folio_referenced {p2} {(young ? "young" : "old")}");
            Assert.Equal(expected, seen.All);
        }, invariants: false);

        // A young test_young given a bitmap reports va1 young in it (an UNRELIABLE one too: its bits are not to be trusted).
        static MmuNotifierYoungFlags Fill(YoungBitmap b, MmuNotifierYoungFlags flags)
        {
            if (flags.IsYoung()) b.Set(1);
            return flags;
        }
    }

    [Fact]
    public void TestYoungStopsAtTheFirstYoungListenerUnlessGivenABitmapAndTheOthersOrTheirResults()
    {
        Solo.Run(k =>
        {
            var a = new Scripted("a", (op, _, _, _) => op == MmuNotifierOp.TestYoung ? Y | F : Y);
            var b = new Scripted("b", (op, _, _, _) => op == MmuNotifierOp.TestYoung ? Y | U : U);
            var (mm, _) = World(k, b, a);   // a registered last: first on the list
            Assert.Equal(Y | F, MmuNotifierYoung.TestYoung(mm, 1, 2));
            Assert.Equal(new[] { "TestYoung [1,2)" }, a.Calls);
            Assert.Empty(b.Calls);
            Assert.Equal(Y | F | U, MmuNotifierYoung.TestYoung(mm, 1, 3, new YoungBitmap(1, 3)));
            Assert.Single(b.Calls);
            Assert.Equal(Y | U, MmuNotifierYoung.ClearFlushYoung(mm, 1, 2));
            Assert.Equal(Y | U, MmuNotifierYoung.ClearYoung(mm, 1, 2));
            Assert.Equal(4, a.Calls.Count);
            Assert.Equal(3, b.Calls.Count);
        }, invariants: false);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ReclaimKeepsThePageItsListenerSawYoungThroughClearFlushYoung(bool young)
    {
        Solo.Run(k =>
        {
            var listener = new Scripted("scripted", (op, _, _, _) => op == MmuNotifierOp.ClearFlushYoung && young ? Y : None);
            var (mm, seen) = World(k, listener);
            string page = Page(mm, 1);
            Assert.Equal(!young, Reclaim.Kswapd(k, mm.PageTable[1].Page, batchFlush: false, lookAround: false));
            Assert.Equal(new[] { "ClearFlushYoung [1,2)" }, listener.Calls);
            Assert.Equal(new[] { $"folio_referenced {page} {(young ? "young" : "old")}" }, seen.All);
        }, invariants: false);
    }

    [Fact]
    public void IdleScanClearsWithoutFlushAndLeavesWhatItFoundToReclaimThroughPgYoung()
    {
        Solo.Run(k =>
        {
            bool young = true;
            var listener = new Scripted("scripted", (op, _, _, _) => op == MmuNotifierOp.ClearYoung && young ? Y : None);
            var (mm, seen) = World(k, listener);
            var page = mm.PageTable[1].Page;
            Assert.False(PageIdle.Scan(k, page));   // not marked idle yet: used
            Assert.Equal(new[] { "ClearYoung [1,2)" }, listener.Calls);   // only the write walks: the read had no idle bit to check
            Assert.True(page.Page.Has(PageFlags.Young) && page.Page.Has(PageFlags.Idle));
            young = false;
            Assert.True(PageIdle.Scan(k, page));   // nothing since: idle
            Assert.False(Reclaim.Kswapd(k, page, batchFlush: false, lookAround: false));   // PG_young from the first scan keeps it once
            Assert.True(Reclaim.Kswapd(k, page, batchFlush: false, lookAround: false));
            Assert.DoesNotContain(listener.Calls, c => c.StartsWith("TestYoung"));
            Assert.Equal(new[] { "page_idle_bitmap_read", "page_idle_bitmap_write", "page_idle_bitmap_read", "folio_referenced", "folio_referenced" },
                seen.All.Select(c => c.Split(' ')[0]));
        }, invariants: false);
    }

    [Fact]
    public void KvmFlushesTheGuestTlbOnClearFlushYoungOnlySoACachedEntryIsSeenAgainOnlyAfterIt()
    {
        Solo.Run(k =>
        {
            var (mm, _) = World(k);
            var kvm = new Kvm(mm, "kvm");
            Assert.Equal(0, MmuNotifierRegister.Register(kvm.Notifier, mm, SignalPending.Never()));
            Assert.Equal(KvmFaultResult.Installed, KvmFault.Run(kvm, 0, write: false));
            Assert.True(GuestAccess.Run(kvm, 0, write: false));   // the walk caches the SPTE
            Assert.Equal(Y, MmuNotifierYoung.ClearFlushYoung(mm, 0, 1));   // young since the fault: cleared, and the entry flushed
            Assert.True(GuestAccess.Run(kvm, 0, write: false));   // so this access walks and sets the bit again
            Assert.Equal(Y, MmuNotifierYoung.TestYoung(mm, 0, 1));
            Assert.Equal(Y, MmuNotifierYoung.ClearYoung(mm, 0, 1));   // cleared, not flushed
            Assert.True(GuestAccess.Run(kvm, 0, write: false));   // a TLB hit: no accessed bit
            Assert.Equal(None, MmuNotifierYoung.TestYoung(mm, 0, 1));
            Assert.Equal(None, MmuNotifierYoung.ClearFlushYoung(mm, 0, 1));   // nothing to clear: nothing flushed either
            Assert.True(GuestAccess.Run(kvm, 0, write: false));
            Assert.Equal(None, MmuNotifierYoung.TestYoung(mm, 0, 1));
        }, invariants: false);
    }

    [Fact]
    public void KvmFillsTheBitmapFromTheRangeStartClearsOnlyNamedPagesAndMainlineKvmSaysUnreliable()
    {
        Solo.Run(k =>
        {
            var (mm, _) = World(k);
            var fast = new Kvm(mm, "fast", youngBitmap: true);
            Assert.Equal(0, MmuNotifierRegister.Register(fast.Notifier, mm, SignalPending.Never()));
            foreach (int gfn in new[] { 1, 2, 3 }) Assert.Equal(KvmFaultResult.Installed, KvmFault.Run(fast, gfn, write: false));
            Assert.Equal(Y | F, MmuNotifierYoung.ClearYoung(mm, 1, 2));   // gfn1 old again; 2 and 3 young from their faults
            var seen = new YoungBitmap(1, 4);
            Assert.Equal(Y | F, MmuNotifierYoung.TestYoung(mm, 1, 4, seen));
            Assert.Equal("[1,4):011", seen.ToString());
            var clear = new YoungBitmap(1, 4);
            clear.Set(3);
            Assert.Equal(Y | F, MmuNotifierYoung.ClearYoung(mm, 1, 4, clear));
            Assert.True(fast.Sptes[2]!.Young);
            Assert.False(fast.Sptes[3]!.Young);

            var mainline = new Kvm(mm, "mainline");
            Assert.Equal(0, MmuNotifierRegister.Register(mainline.Notifier, mm, SignalPending.Never()));
            Assert.Equal(KvmFaultResult.Installed, KvmFault.Run(mainline, 1, write: false));
            var both = new YoungBitmap(1, 4);
            Assert.Equal(Y | F | U, MmuNotifierYoung.TestYoung(mm, 1, 4, both));
            Assert.Equal("[1,4):010", both.ToString());   // only the lockless VM fills it in
            Assert.Equal(Y, MmuNotifierYoung.TestYoung(mm, 1, 2));   // no bitmap: mainline's plain answer (no FAST)
        }, invariants: false);
    }

    [Fact]
    public void StrictI10FiresOnTheNoFlushWindowThatTheContractExempts()
    {
        var scenario = ScenarioCatalog.Find("idle-vs-migrate")!;
        var options = new ExplorationOptions { Strategy = "dfs", PreemptionBound = 2, Iterations = 60_000 };
        var clean = Explorer.Explore(scenario.Program(Array.Empty<Mutant>()), options);
        Assert.Null(clean.Found);
        Assert.True(clean.Exhausted);
        var strict = Explorer.Explore(scenario.Program(new[] { Mutant.ClearYoungWithoutFlushReportsExact }), options with { Faults = new[] { nameof(Mutant.ClearYoungWithoutFlushReportsExact) } });
        Assert.Equal("I10 YoungNotLost", strict.Found?.Bug.Check);
        Assert.Contains("TLB hit", strict.Found!.Bug.Message);
    }
}
