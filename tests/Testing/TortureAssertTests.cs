using Torture.Model;
using Torture.Systematic;
using Torture.Testing;
using Xunit;
using Xunit.Sdk;

namespace Torture.Tests.Testing;

/// <summary>The helper a user's own [Fact] calls: one line to run a scenario or a program, a failure that carries the schedule and the trace.</summary>
public class TortureAssertTests
{
    private static TestProgram LostUpdate => new("my-lost-update", p =>
    {
        var x = new AtomicLong("counter");
        p.Thread("a", () => x.Store(x.Load() + 1));
        p.Thread("b", () => x.Store(x.Load() + 1));
        p.AtEnd(() => Sched.Assert(x.Load() == 2, $"counter is {x.Load()}", "no-lost-update"));
    });

    [Fact]
    public void AScenarioIsCleanInOneLine() => TortureAssert.Clean("fault-vs-zap", iterations: 500);

    [Fact]
    public void AMutantIsFoundByTheCheckItsRowNames()
    {
        var f = TortureAssert.Finds("fault-vs-zap", Mutant.KvmNoRetryCheck);
        Assert.Equal("I2 NoStaleSecondary", f.Bug.Check);
    }

    [Fact]
    public void AUsersOwnProgramIsFound() =>
        Assert.Equal("no-lost-update", TortureAssert.Finds(LostUpdate, "no-lost-update", new ExplorationOptions { Strategy = "random", Iterations = 1_000, Seed = 1 }).Bug.Check);

    [Fact]
    public void AFailedCleanWritesTheScheduleAndPutsTheTraceInTheMessage()
    {
        var dir = Directory.CreateTempSubdirectory("torture-assert-").FullName;
        Environment.SetEnvironmentVariable("TORTURE_OUT", dir);
        try
        {
            var e = Assert.Throws<XunitException>(() => TortureAssert.Clean(LostUpdate, new ExplorationOptions { Strategy = "random", Iterations = 1_000, Seed = 1 }));
            Assert.Contains("my-lost-update was expected to be clean", e.Message);
            Assert.Contains("counter is 1", e.Message);
            Assert.Contains("replay: torture replay ", e.Message);
            Assert.Contains("thread", e.Message);   // the readable trace's header
            var schedule = Assert.Single(Directory.GetFiles(dir, "*.schedule"));
            Assert.NotNull(Explorer.Replay(LostUpdate, Schedule.Load(schedule)).Bug);
        }
        finally
        {
            Environment.SetEnvironmentVariable("TORTURE_OUT", null);
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void FindsFailsWhenNothingFiresOrAnotherCheckDoes()
    {
        // fault-vs-zap never forks: this switch cannot fire there.
        var none = Assert.Throws<XunitException>(() => TortureAssert.Finds("fault-vs-zap", Mutant.ForkSkipsTlbFlush, iterations: 200));
        Assert.Contains("ran 200 clean", none.Message);
        var other = Assert.Throws<XunitException>(() => TortureAssert.Finds(LostUpdate, "some-other-check", new ExplorationOptions { Strategy = "random", Iterations = 1_000, Seed = 1 }));
        Assert.Contains("expected some-other-check, but", other.Message);
    }
}
