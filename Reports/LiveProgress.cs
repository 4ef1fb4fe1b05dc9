using Spectre.Console;

namespace Torture.Reports;

/// <summary>
/// A live display for a terminal (Spectre.Console): a bar per scenario with iterations, schedules/s,
/// elapsed and ETA, redrawn from <see cref="CampaignProgress"/> while <paramref name="work"/> runs.
/// The per-scenario lines the campaign prints are held back and printed when the display closes.
/// </summary>
public static class LiveProgress
{
    /// <summary>Whether to use it: a terminal is attached and no CI runner set CI.</summary>
    public static bool Wanted(TextWriter console) =>
        ReferenceEquals(console, Console.Out) && !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("CI") is null;

    public static T Run<T>(CampaignProgress progress, TextWriter console, Func<TextWriter, T> work)
    {
        var held = new StringWriter();
        var synced = TextWriter.Synchronized(held);
        T result = default!;
        Task? job = null;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var tasks = progress.Items.Select(i => ctx.AddTask(Markup.Escape(i.Name), autoStart: false, maxValue: Math.Max(1, i.Budget))).ToList();
                job = Task.Run(() => result = work(synced));
                // Wait without rethrowing: the display closes first, the lines come out, then the error does.
                while (!((IAsyncResult)job).AsyncWaitHandle.WaitOne(250)) Update(progress, tasks);
                Update(progress, tasks);
            });
        console.Write(held.ToString());
        job!.GetAwaiter().GetResult();   // the original exception (bad input, I/O), not an AggregateException
        return result;
    }

    private static void Update(CampaignProgress progress, IReadOnlyList<ProgressTask> tasks)
    {
        long now = progress.Now;
        for (int i = 0; i < tasks.Count; i++)
        {
            var item = progress.Items[i];
            var task = tasks[i];
            if ((item.Running || item.Finished) && !task.IsStarted) task.StartTask();
            task.Value = item.Done;
            var eta = item.Finished ? "done" : item.Eta(now) is { } e ? $"ETA {e.TotalSeconds:0} s" : "ETA ?";
            task.Description = Markup.Escape($"{item.Name}  {item.Done:N0}/{item.Budget:N0} it  {item.Rate(now):N0} sched/s  {item.Elapsed(now).TotalSeconds:0} s  {eta}");
            if (item.Finished) task.StopTask();
        }
    }
}
