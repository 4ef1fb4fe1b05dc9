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

    public ReportSink(string directory, TextWriter console)
    {
        this.directory = directory;
        this.console = console;
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
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "junit.xml"), JUnitReport.Render(all));
        File.WriteAllText(Path.Combine(directory, "results.json"), JsonReport.Render(all));
        console.WriteLine(ConsoleReport.Summary(all));
        return all;
    }
}
