using Torture.Generator;
using Torture.Systematic;
using Xunit;

namespace Torture.Tests.Generator;

/// <summary>
/// Programs native stress found false bugs in on the correct model (CI, 2026-12-03): each was a
/// model line that let go of a lock the kernel holds. Cut down by hand; our engine must find no bug
/// in them over the budget, where before the fix it found the same bug within it.
/// </summary>
public class NativeFoundProgramsTests
{
    /// <summary>Per seed; before its fix, pct seed 1 found each program's bug within it.</summary>
    private const int Iterations = 3000;

    /// <summary>Two users of one pfn cache: the second activates it (re-pointing the gfn) while the first refreshes.</summary>
    private static readonly string[] GpcActivateRacesARefresh =
    {
        "setup: NewMm mm=mm0 pages=3",
        "setup: MmapAnon mm=mm0 start=0 end=3",
        "setup: PageFault mm=mm0 va=0 write=true",
        "setup: PageFault mm=mm0 va=2 write=true",
        "setup: NewKvm mm=mm0 kvm=kvm0 youngBitmap=false",
        "setup: MmuNotifierRegister listener=kvm0 signals=never",
        "t0: KvmGpcAccess kvm=kvm0 gfn=2 write=false",
        "t1: KvmFault kvm=kvm0 gfn=1 write=false",
        "t1: KvmGpcAccess kvm=kvm0 gfn=0 write=true",
    };

    /// <summary>The OOM reaper's invalidation refused by a busy mirror ends while its walk still counts; a removal meanwhile changes the tree.</summary>
    private static readonly string[] ItreeRemoveAfterAnEagainEnd =
    {
        "setup: NewMm mm=mm0 pages=2",
        "setup: MmapAnon mm=mm0 start=0 end=2",
        "setup: PageFault mm=mm0 va=0 write=true",
        "setup: PageFault mm=mm0 va=1 write=true",
        "setup: NewHmmMirror mm=mm0 mirror=hmm0",
        "setup: HmmDeviceFault dev=hmm0 start=0 end=1 write=true",
        "setup: NewHmmMirror mm=mm0 mirror=hmm1",
        "setup: HmmDeviceFault dev=hmm1 start=0 end=1 write=false",
        "t0: OomReap mm=mm0",
        "t1: HmmDeviceClose dev=hmm0",
        "t2: HmmDeviceFault dev=hmm1 start=0 end=2 write=false",
    };

    public static TheoryData<string> Programs() => new() { nameof(GpcActivateRacesARefresh), nameof(ItreeRemoveAfterAnEagainEnd) };

    [Theory]
    [MemberData(nameof(Programs))]
    public void TheCorrectModelIsCleanOnTheProgram(string name)
    {
        var lines = name == nameof(GpcActivateRacesARefresh) ? GpcActivateRacesARefresh : ItreeRemoveAfterAnEagainEnd;
        var program = new GeneratedScenario().Fixed(GeneratedProgram.Parse(lines), Array.Empty<Torture.Model.Mutant>());
        for (ulong seed = 1; seed <= 3; seed++)
        {
            var r = Explorer.Explore(program, new ExplorationOptions { Strategy = "pct", Seed = seed, Iterations = Iterations });
            Assert.True(r.Found is null, $"seed {seed}: {r.Found?.Bug}");
        }
    }
}
