using Torture.Systematic;
using Xunit;

namespace Torture.Tests.Systematic;

/// <summary>A saved schedule replays to the same bug and the same trace; the same seed explores the same way.</summary>
public class ReplayTests
{
    [Fact]
    public void TwoHundredSeedsReplayFromTheirScheduleFiles()
    {
        var program = Programs.Mixed();
        var kinds = new HashSet<BugKind>();
        for (ulong seed = 0; seed < 200; seed++)
        {
            var found = Run.Find(program, "random", iterations: 1000, seed: seed, lockOrder: seed % 2 == 0);
            kinds.Add(found.Bug.Kind);
            var text = found.Schedule.ToText();
            var parsed = Schedule.Parse(text, $"seed-{seed}.schedule");
            Assert.Equal(text, parsed.ToText());
            var again = Explorer.Replay(program, parsed);
            Assert.NotNull(again.Bug);
            Assert.Equal((found.Bug.Kind, found.Bug.Check, found.Bug.Step, found.Bug.Thread),
                (again.Bug!.Kind, again.Bug.Check, again.Bug.Step, again.Bug.Thread));
            Assert.Equal(found.TraceText, again.TraceText);
        }
        // The seeds cover more than one kind of failure (and so more than one way to end an iteration).
        Assert.Superset(new HashSet<BugKind> { BugKind.AssertionFailure, BugKind.Deadlock, BugKind.LockOrderInversion }, kinds);
    }

    [Theory]
    [InlineData("random", true)]
    [InlineData("pct", false)]
    [InlineData("probabilistic", false)]
    public void SameSeedSameExploration(string strategy, bool lockOrder)
    {
        var first = Run.Explore(Programs.Mixed(), strategy, seed: 11, lockOrder: lockOrder);
        var second = Run.Explore(Programs.Mixed(), strategy, seed: 11, lockOrder: lockOrder);
        Assert.True(first.BugFound);
        Assert.Equal(first.Iterations, second.Iterations);
        Assert.Equal(first.TotalSteps, second.TotalSteps);
        Assert.Equal(first.Found!.Bug.ToString(), second.Found!.Bug.ToString());
        Assert.Equal(first.Found.Schedule.ToText(), second.Found.Schedule.ToText());
        Assert.Equal(first.Found.TraceText, second.Found.TraceText);
    }

    [Fact]
    public void DifferentSeedsExploreDifferently()
    {
        var schedules = Enumerable.Range(0, 5)
            .Select(s => Run.Explore(Programs.Mixed(), "random", seed: (ulong)s, lockOrder: false).Found!.Schedule.ToText())
            .ToList();
        Assert.True(schedules.Distinct().Count() > 1);
    }

    [Fact]
    public void ReplayingACleanScheduleReportsNoBug()
    {
        // The serial schedule of the CAS counter: T0 runs both operations, then T1.
        var program = Programs.CasCounter();
        var schedule = new Schedule
        {
            Program = program.Name, Strategy = "hand", Fingerprint = program.Fingerprint,
            Decisions = new[] { Decision.Thread(0, 0b11), Decision.Thread(0, 0b11) },
        };
        var outcome = Explorer.Replay(program, Schedule.Parse(schedule.ToText()));
        Assert.Null(outcome.Bug);
        // Each thread: Start, Load, CompareExchange, Exit.
        Assert.Equal(new[] { "T0", "T0", "T0", "T0", "T1", "T1", "T1", "T1" }, outcome.Trace.Where(e => e.Thread is not ("setup" or "end-check")).Select(e => e.Thread));
    }
}
