using System.Threading.Channels;
using Torture.Generator;
using Torture.Reports;
using Torture.Shrinking;
using Torture.Systematic;

namespace Torture.Campaign;

/// <summary>
/// Explores each item (in parallel up to the configured workers), writes a found bug's schedule
/// file the moment the exploration returns, and streams outcomes to the reports.
/// </summary>
public static class CampaignRunner
{
    /// <param name="cancel">Ctrl-C or SIGTERM: stop starting iterations, report what was found so far.</param>
    public static async Task<IReadOnlyList<ScenarioOutcome>> RunAsync(IReadOnlyList<CampaignItem> items, CampaignConfig config, TextWriter console,
        Func<IReadOnlyList<ScenarioOutcome>, string>? summary = null, System.Threading.CancellationToken cancel = default)
    {
        // The caller claimed config.OutputDirectory (RunFolder.Claim), which checks it is writable before
        // anything is explored: a bug found after an hour must have somewhere to go.
        config = config with { Exploration = config.Exploration with { Cancel = cancel } };
        var progress = new CampaignProgress(items.Select(item =>
        {
            var o = Options(item, config);
            return (ArtifactNames.Stem(item.Name, item.Faults), o.Iterations, o.TimeBudget);
        }));
        // A terminal gets a live display; a log gets a status line every status-seconds.
        if (LiveProgress.Wanted(console))
            return LiveProgress.Run(progress, console, held => Campaign(items, config, held, summary, progress).GetAwaiter().GetResult());
        var synced = TextWriter.Synchronized(console);
        using var status = config.StatusSeconds > 0 ? new StatusLines(progress, synced, TimeSpan.FromSeconds(config.StatusSeconds)) : null;
        return await Campaign(items, config, synced, summary, progress);
    }

    private static async Task<IReadOnlyList<ScenarioOutcome>> Campaign(IReadOnlyList<CampaignItem> items, CampaignConfig config, TextWriter console,
        Func<IReadOnlyList<ScenarioOutcome>, string>? summary, CampaignProgress progress)
    {
        var channel = Channel.CreateUnbounded<(int, ScenarioOutcome)>(new UnboundedChannelOptions { SingleReader = true });
        var run = new RunInfo(config.InForce(), Fingerprints.Commit, Scenarios.Scenario.Fingerprint);
        var sink = new ReportSink(config.OutputDirectory, console, summary, run);
        var consumer = sink.ConsumeAsync(channel.Reader, items.Count);
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, items.Count),
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, config.Workers) },
                (i, _) =>
                {
                    progress.Start(i);
                    var outcome = Explore(items[i], config, it => progress.Iterated(i, it));
                    progress.Finish(i);
                    channel.Writer.TryWrite((i, outcome));
                    return ValueTask.CompletedTask;
                });
        }
        finally
        {
            channel.Writer.Complete();
        }
        return await consumer;
    }

    private static ExplorationOptions Options(CampaignItem item, CampaignConfig config)
    {
        var options = config.Exploration with { Faults = item.Faults };
        return item.Adjust?.Invoke(options) ?? options;
    }

    public static ScenarioOutcome Explore(CampaignItem item, CampaignConfig config, Action<long>? onIteration = null)
    {
        var options = Options(item, config);
        // The schedule first, before even the replay that confirms it: it alone reproduces the bug.
        ScheduleWriter.Written? written = null;
        string Save(Schedule s) => (written ??= ScheduleWriter.Write(config.OutputDirectory, s)).Path;
        string? coyoteTrace = null;
        var result = config.Engine switch
        {
            Engines.Coyote => CoyoteRun.Explore(item, options, Save, out coyoteTrace),
            Engines.Native => NativeEngine.Explore(item.Program, options, onIteration, onBug: s => Save(s)),
            _ => Explorer.Explore(item.Program, options, onIteration, onBug: s => Save(s)),
        };
        var coverage = item.Coverage is { } c ? Summarise(c) : null;
        // A parallel native run records no decisions: there is no schedule to write, shrink or replay.
        if (result.Found is not { Replayable: true } found)
            return new ScenarioOutcome(item.Name, item.Faults, result) { Coverage = coverage, Engine = config.Engine };
        var schedule = written!.Path;
        ShrinkSummary? shrunk = null;
        var shown = found;
        if (item.Shrinkable && config.ShrinkSeconds > 0 && found.Reproduced && !options.Cancel.IsCancellationRequested)
        {
            var s = Shrinker.Shrink(item.Program, found, new ShrinkOptions
            {
                Budget = TimeSpan.FromSeconds(config.ShrinkSeconds), MaxSteps = options.MaxSteps, LockOrder = options.LockOrder, WeakMemory = options.WeakMemory, Cancel = options.Cancel,
            });
            if (s.Smaller)
            {
                shrunk = new ShrinkSummary(ScheduleWriter.Write(config.OutputDirectory, s.Shrunk.Schedule, shrunk: true).Path,
                    s.Before.ToString(), s.After.ToString(), s.Elapsed.TotalSeconds, s.CutShort);
                shown = s.Shrunk;
            }
        }
        var (trace, page) = TraceWriter.Write(Path.GetDirectoryName(schedule)!, shown, shrunk?.ScheduleFile ?? schedule);
        return new ScenarioOutcome(item.Name, item.Faults, result)
        {
            ScheduleFile = schedule, TraceFile = trace, PageFile = page, Shrunk = shrunk, Coverage = coverage, ScheduleFallback = written.FailedAt,
            Engine = config.Engine, CoyoteTrace = coyoteTrace,
        };
    }

    private static CoverageSummary Summarise(Coverage c) => new(
        c.Programs, c.Operations, OperationCatalog.ThreadOps.Count, c.ConcurrentPairs.ToList(), Coverage.AllPairs().Count, c.Callbacks);
}
