namespace Torture.Systematic;

/// <summary>
/// Liveness monitors in the manner of Coyote's hot and cold states: a program marks a monitor hot
/// while something it waits for has not happened (a fault retrying until an invalidation ends) and
/// cold when it has. A monitor still hot when every thread has ended, or hot for a long run of steps
/// of which the last half were scheduled fairly (round robin, so no thread that could cool it was
/// starved), is a liveness violation. One per iteration.
/// </summary>
internal sealed class HotMonitors
{
    private readonly List<(string Name, string Why, long Since)> hot = new(2);
    private readonly long fairAfter;
    private long[]? fairSteps;

    /// <param name="maxSteps">The iteration's step bound: a monitor hot for a tenth of it starts the fair suffix, and one still hot after another tenth is reported.</param>
    public HotMonitors(long maxSteps) => fairAfter = Math.Max(10, maxSteps / 10);

    public int Count => hot.Count;

    /// <summary>Schedule fairly now: some monitor has been hot long enough for unfairness to be the only excuse.</summary>
    public bool Fair { get; private set; }

    public void Hot(string name, string why, long step)
    {
        if (hot.FindIndex(h => h.Name == name) < 0) hot.Add((name, why, step));
    }

    public void Cold(string name)
    {
        hot.RemoveAll(h => h.Name == name);
        if (hot.Count == 0)
        {
            Fair = false;
            fairSteps = null;
        }
    }

    /// <summary>Called at every step while some monitor is hot: the violation, if the oldest has been hot too long.</summary>
    public Bug? Step(LogicalThread t, long step, IReadOnlyList<LogicalThread> threads)
    {
        var (name, why, since) = hot[0];
        long hotFor = step - since;
        if (hotFor < fairAfter) return null;
        Fair = true;
        fairSteps ??= new long[threads.Count];
        if (t.Id >= 0 && t.Id < fairSteps.Length) fairSteps[t.Id]++;
        if (hotFor < 2 * fairAfter) return null;
        var ran = string.Join(", ", threads.Where(x => x.Id >= 0 && x.Id < fairSteps.Length).Select(x =>
            $"{x.ThreadName} {(x.State == ThreadState.Completed ? "ended" : $"ran {fairSteps[x.Id]} steps, next {x.PendingOp}{(x.PendingObj is { } o ? $" on {o.Name}" : "")}")}"));
        return new Bug(BugKind.LivenessViolation, name,
            $"monitor '{name}' stayed hot for {hotFor} steps ({why}, since step {since}); in the last {hotFor - fairAfter}, scheduled round robin: {ran}",
            t.ThreadName, step);
    }

    /// <summary>Every thread has ended: a monitor still hot waits for what can no longer happen.</summary>
    public Bug? AtEnd(long step) => hot.Count == 0 ? null :
        new Bug(BugKind.LivenessViolation, hot[0].Name, $"monitor '{hot[0].Name}' is still hot when every thread has ended ({hot[0].Why}, since step {hot[0].Since})", null, step);
}
