using System.Globalization;

namespace Torture.Reports;

/// <summary>
/// Plain periodic status lines, as rcutorture prints its statistics: for CI logs and redirected
/// output, one line every interval naming each running exploration's iterations, rate and ETA.
/// </summary>
public sealed class StatusLines : IDisposable
{
    private readonly CampaignProgress progress;
    private readonly TextWriter console;
    private readonly System.Threading.Timer timer;

    public StatusLines(CampaignProgress progress, TextWriter console, TimeSpan interval)
    {
        this.progress = progress;
        this.console = console;
        timer = new System.Threading.Timer(_ => Tick(), null, interval, interval);
    }

    public static string Line(CampaignProgress p)
    {
        long now = p.Now;
        var running = p.Items.Where(i => i.Running).Select(i =>
            $"{i.Name} {i.Done.ToString("N0", CultureInfo.InvariantCulture)}/{i.Budget.ToString("N0", CultureInfo.InvariantCulture)} it " +
            $"{i.Rate(now).ToString("N0", CultureInfo.InvariantCulture)} sched/s ETA {(i.Eta(now) is { } eta ? $"{eta.TotalSeconds:0} s" : "?")}");
        int finished = p.Items.Count(i => i.Finished), waiting = p.Items.Count(i => !i.Running && !i.Finished);
        return $"status {p.Elapsed.TotalSeconds:0} s: {string.Join(" | ", running)}{(running.Any() ? "; " : "")}{finished} done, {waiting} waiting";
    }

    // A timer callback that throws ends the process: a status line is never worth that.
    private void Tick()
    {
        try { console.WriteLine(Line(progress)); }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OverflowException or ArgumentException) { }
    }

    public void Dispose() => timer.Dispose();
}
