using Torture.Model;
using Torture.Scenarios;
using Xunit;

namespace Torture.Tests.Model;

/// <summary>The GRU-like listener (§2.10): one gms per process through get/put, its TLB, its counter.</summary>
public class GruTests
{
    [Fact]
    public void ContextsShareTheProcesssGmsAndTheLastDetachUnhashesIt()
    {
        Solo.Run(k =>
        {
            var mm = Setups.AnonProcess(k, "mm", 2);
            var a = new GruContext(mm, "a");
            var b = new GruContext(mm, "b");
            Assert.True(GruOps.Attach(a));
            Assert.True(GruOps.Attach(b));
            Assert.False(GruOps.Attach(a));
            Assert.Same(a.Gms, b.Gms);
            var gms = a.Gms!;
            Assert.Equal(2, gms.Notifier.Users);
            Assert.True(GruOps.Dropin(a, 0, write: true));
            Assert.True(GruOps.Dropin(b, 1, write: false));
            // A zap flushes every context of the ASID and leaves the counter at rest.
            MadviseDontneed.Run(mm, 0, 2);
            Assert.False(a.TryGetTranslation(0, out _));
            Assert.False(b.TryGetTranslation(1, out _));
            Assert.Equal((0, 1L), (gms.RangeActive, gms.Seq));
            GruOps.Detach(a);
            Assert.True(gms.Notifier.Hashed);
            GruOps.Detach(b);
            Assert.False(gms.Notifier.Hashed);
            Assert.Empty(gms.Contexts);
            Assert.False(GruOps.Dropin(b, 0, write: false));
        });
    }
}
