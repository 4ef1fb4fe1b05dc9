using System.Text;
using Torture.Systematic;

namespace Torture.Reports;

/// <summary>
/// The interleaving as a table with one column per thread, as Lincheck prints it: read down a
/// column for what one thread did, across for what happened meanwhile. The set-up is folded into
/// one line; the step that failed is marked.
/// </summary>
public static class TraceColumns
{
    public const int ColumnWidth = 46;

    /// <summary>The program's threads in the order they first appear (not the set-up or end-check pseudo-threads): the columns.</summary>
    public static List<string> Threads(IReadOnlyList<TraceEvent> trace) =>
        trace.Select(e => e.Thread).Where(t => t is not (TraceEvent.SetupThread or TraceEvent.EndCheckThread)).Distinct().ToList();

    public static string Render(IReadOnlyList<TraceEvent> trace, Bug bug)
    {
        var threads = Threads(trace);
        var sb = new StringBuilder();
        if (threads.Count == 0) return "";
        sb.Append("interleaving by thread (set-up folded):\n");
        Row(sb, "#", threads.Select(t => t == bug.Thread ? $"{t}  <- fails" : t).ToList());
        Row(sb, "", threads.Select(_ => new string('-', ColumnWidth)).ToList());
        int setup = trace.Count(e => e.Thread == TraceEvent.SetupThread);
        if (setup > 0) sb.Append($"{"",6}  (set-up: {setup} events)\n");
        int n = 0;
        foreach (var e in trace)
        {
            n++;
            if (e.Thread == TraceEvent.SetupThread) continue;
            if (e.Thread == TraceEvent.EndCheckThread)
            {
                sb.Append($"{n,6}  end check: {e.Action}\n");
                continue;
            }
            var cells = threads.Select(t => t == e.Thread ? Clip(e.Action) : "").ToList();
            Row(sb, n.ToString(System.Globalization.CultureInfo.InvariantCulture), cells);
        }
        return sb.ToString();
    }

    private static void Row(StringBuilder sb, string number, IReadOnlyList<string> cells) =>
        sb.Append($"{number,6}  {string.Join(" | ", cells.Select(c => c.PadRight(ColumnWidth)))}".TrimEnd()).Append('\n');

    private static string Clip(string s) => s.Length <= ColumnWidth ? s : s[..(ColumnWidth - 1)] + "…";
}
