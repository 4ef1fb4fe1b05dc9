namespace Torture.Systematic;

/// <summary>
/// Drives one iteration from a recorded schedule, strictly: every decision must meet the same
/// enabled threads (or data range) as when it was recorded, or the replay stops and names the line.
/// </summary>
public sealed class ReplayStrategy : IStrategy
{
    private readonly Schedule schedule;
    private int pos;
    private bool done;

    public ReplayStrategy(Schedule schedule) => this.schedule = schedule;

    public string Name => "replay";

    public bool InitIteration(long iteration, ulong seed)
    {
        if (done) return false;
        done = true;
        pos = 0;
        return true;
    }

    public int NextThread(ulong enabled, int current)
    {
        var d = Next($"a thread choice among {{{Decision.FormatMask(enabled)}}}");
        if (!d.IsThread)
            throw Diverged($"the schedule records a data choice, but the program now makes a thread choice among {{{Decision.FormatMask(enabled)}}}");
        if (d.Options != enabled)
            throw Diverged($"the schedule runs thread {d.Value} among enabled {{{Decision.FormatMask(d.Options)}}}, but the enabled threads are now {{{Decision.FormatMask(enabled)}}}");
        return d.Value;
    }

    public int NextInt(int n)
    {
        var d = Next($"a data choice of {n}");
        if (d.IsThread) throw Diverged($"the schedule records a thread choice, but the program now makes a data choice of {n}");
        if (d.DataRange != n) throw Diverged($"the schedule records a choice of {d.DataRange}, but the program now chooses among {n}");
        return d.Value;
    }

    /// <summary>Decisions of the file that the run did not reach.</summary>
    public int Remaining => schedule.Decisions.Count - pos;

    /// <summary>Refuse a replay that ended before the file did.</summary>
    public void CheckFullyConsumed()
    {
        if (Remaining > 0)
            throw new ReplayDivergenceException($"{schedule.Source}: line {schedule.LineOf(pos)}: the program finished but the schedule has {Remaining} more decision(s)");
    }

    private Decision Next(string what)
    {
        if (pos >= schedule.Decisions.Count)
            throw new ReplayDivergenceException($"{schedule.Source}: after its last decision (line {schedule.LineOf(pos)}) the program makes {what}: the schedule does not match the code");
        return schedule.Decisions[pos++];
    }

    private ReplayDivergenceException Diverged(string message) =>
        new($"{schedule.Source}: line {schedule.LineOf(pos - 1)} (decision {pos}): {message}");
}
