using System.Threading.Channels;
using Torture.Reports;
using Torture.Systematic;

namespace Torture.Campaign;

/// <summary>
/// Explores each item (in parallel up to the configured workers), writes a found bug's schedule
/// file the moment the exploration returns, and streams outcomes to the reports.
/// </summary>
public static class CampaignRunner
{
    public static async Task<IReadOnlyList<ScenarioOutcome>> RunAsync(IReadOnlyList<CampaignItem> items, CampaignConfig config, TextWriter console)
    {
        var channel = Channel.CreateUnbounded<(int, ScenarioOutcome)>(new UnboundedChannelOptions { SingleReader = true });
        var sink = new ReportSink(config.OutputDirectory, console);
        var consumer = sink.ConsumeAsync(channel.Reader, items.Count);
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, items.Count),
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, config.Workers) },
                (i, _) =>
                {
                    channel.Writer.TryWrite((i, Explore(items[i], config)));
                    return ValueTask.CompletedTask;
                });
        }
        finally
        {
            channel.Writer.Complete();
        }
        return await consumer;
    }

    public static ScenarioOutcome Explore(CampaignItem item, CampaignConfig config)
    {
        var options = config.Exploration with { Faults = item.Faults };
        var result = Explorer.Explore(item.Program, item.Adjust?.Invoke(options) ?? options);
        if (result.Found is not { } found) return new ScenarioOutcome(item.Name, item.Faults, result);
        // The schedule first: it alone reproduces the bug, so nothing after it may be able to lose it.
        var schedule = ScheduleWriter.Write(config.OutputDirectory, found);
        var trace = TraceWriter.Write(config.OutputDirectory, found);
        return new ScenarioOutcome(item.Name, item.Faults, result) { ScheduleFile = schedule, TraceFile = trace };
    }
}
