using System.Threading.Channels;

namespace Torture.Reports;

/// <summary>
/// Consumes scenario outcomes from the campaign through a channel: prints each line in scenario
/// order as soon as it is known, then writes the JUnit and JSON files.
/// </summary>
public sealed class ReportSink
{
    private readonly string directory;
    private readonly TextWriter console;

    private readonly Func<IReadOnlyList<ScenarioOutcome>, string> summary;

    private readonly RunInfo? run;

    /// <param name="summary">The closing line (default: SUCCESS when no bug was found).</param>
    public ReportSink(string directory, TextWriter console, Func<IReadOnlyList<ScenarioOutcome>, string>? summary = null, RunInfo? run = null)
    {
        this.directory = directory;
        this.console = console;
        this.summary = summary ?? ConsoleReport.Summary;
        this.run = run;
    }

    /// <summary>Read until the channel completes; outcomes carry their position so lines print in order.</summary>
    public async Task<IReadOnlyList<ScenarioOutcome>> ConsumeAsync(ChannelReader<(int Index, ScenarioOutcome Outcome)> reader, int expected)
    {
        var slots = new ScenarioOutcome?[expected];
        int printed = 0;
        await foreach (var (index, outcome) in reader.ReadAllAsync())
        {
            slots[index] = outcome;
            while (printed < expected && slots[printed] is { } next)
            {
                console.WriteLine(ConsoleReport.Line(next));
                printed++;
            }
        }
        var all = slots.Where(s => s is not null).Select(s => s!).ToList();
        WriteFiles(directory, all, run);
        console.WriteLine(summary(all));
        return all;
    }

    /// <summary>junit.xml, results.json and summary.md of a run (or of merged shards) into <paramref name="directory"/>.</summary>
    public static void WriteFiles(string directory, IReadOnlyList<ScenarioOutcome> all, RunInfo? run)
    {
        try
        {
            Directory.CreateDirectory(directory);
            AtomicFile.Write(Path.Combine(directory, "junit.xml"), JUnitReport.Render(all, run));
            AtomicFile.Write(Path.Combine(directory, ResultsFile.Name), JsonReport.Render(all, run));
            var markdown = MarkdownReport.Render(all, run);
            AtomicFile.Write(Path.Combine(directory, "summary.md"), markdown);
            // GitHub Actions shows this file on the run's page; appended, as other steps may write to it too.
            if (Environment.GetEnvironmentVariable("GITHUB_STEP_SUMMARY") is { Length: > 0 } step) File.AppendAllText(step, markdown);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            // The schedules are already on disk; say where, since the folder asked for failed.
            var saved = all.Where(o => o.ScheduleFile is not null).Select(o => o.ScheduleFile!).ToList();
            throw new IOException($"{OutputDirectory.Printable(directory)}: {e.Message}{(saved.Count > 0 ? $"; schedules saved: {string.Join(", ", saved)}" : "")}", e);
        }
    }
}
