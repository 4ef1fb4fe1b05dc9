using System.Globalization;
using System.Net;
using System.Text;
using Torture.Systematic;

namespace Torture.Reports;

/// <summary>
/// A bug as one self-contained HTML file (no network): the failure, then the interleaving with one
/// column per thread on a shared timeline (as Lincheck's trace table), the set-up collapsed, the
/// failing step highlighted. Each step shows on hover, and in the side panel on click, the object it
/// touched and the locks held at that moment, by whom. Every name from the model is escaped.
/// </summary>
public static class BugPage
{
    public static string Render(Bug bug, Schedule schedule, IReadOnlyList<TraceEvent> trace, string? replayCommand = null)
    {
        var threads = TraceColumns.Threads(trace);
        int failing = FailingEvent(trace, bug);
        var held = new LockHolders();
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n");
        sb.Append($"<title>{E(bug.Title)} in {E(schedule.Program)}</title>\n<style>{Style}</style></head>\n<body>\n");
        sb.Append($"<h1>{E(bug.Title)}</h1>\n<pre class=\"message\">{E(bug.Message)}</pre>\n<table class=\"meta\">\n");
        Meta(sb, "program", schedule.Program);
        Meta(sb, "faults", schedule.Faults.Count == 0 ? "none" : string.Join(", ", schedule.Faults));
        Meta(sb, "strategy", $"{schedule.Strategy}, seed {schedule.Seed}, iteration {schedule.Iteration}");
        if (bug.Thread is not null) Meta(sb, "at", $"thread {bug.Thread}, after {bug.Step} scheduling steps");
        if (replayCommand is not null) Meta(sb, "replay", replayCommand);
        sb.Append("</table>\n");
        if (schedule.Input.Count > 0)
            sb.Append($"<details><summary>generated program ({schedule.Input.Count} lines)</summary><pre>{E(string.Join("\n", schedule.Input))}</pre></details>\n");

        int setup = trace.Count(e => e.Thread == TraceEvent.SetupThread);
        sb.Append($"<details class=\"setup\"><summary>set-up: {setup} events</summary><ol>\n");
        for (int i = 0; i < trace.Count && trace[i].Thread == TraceEvent.SetupThread; i++)
        {
            held.Apply(trace[i]);
            sb.Append($"<li>{E(trace[i].Action)}</li>\n");
        }
        sb.Append("</ol></details>\n<div class=\"main\"><div class=\"scroll\" id=\"scroll\"><table class=\"timeline\">\n<thead><tr><th>#</th>");
        foreach (var t in threads) sb.Append($"<th{(t == bug.Thread ? " class=\"failing-thread\"" : "")}>{E(t)}{(t == bug.Thread ? " (fails)" : "")}</th>");
        sb.Append("</tr></thead>\n<tbody>\n");
        for (int i = 0; i < trace.Count; i++)
        {
            var e = trace[i];
            if (e.Thread == TraceEvent.SetupThread) continue;
            held.Apply(e);
            string number = (i + 1).ToString(CultureInfo.InvariantCulture);
            string info = $"step {number}, thread {e.Thread}: {e.Action}\nobject: {e.Object ?? "none"}\nlocks held: {held.Describe()}";
            sb.Append($"<tr data-info=\"{E(info)}\"{(i == failing ? " class=\"fail\" id=\"failing\"" : "")}><td class=\"n\">{number}</td>");
            if (e.Thread == TraceEvent.EndCheckThread)
                sb.Append($"<td class=\"ev end\" colspan=\"{Math.Max(1, threads.Count)}\" title=\"{E(info)}\">end check: {E(e.Action)}</td>");
            else
                foreach (var t in threads) sb.Append(t == e.Thread ? $"<td class=\"ev op-{e.Op}\" title=\"{E(info)}\">{E(e.Action)}</td>" : "<td></td>");
            sb.Append("</tr>\n");
        }
        sb.Append("</tbody></table></div>\n<aside id=\"detail\"><h2>selected step</h2><pre id=\"detail-text\">Click a step to see the object it touched and the locks held then.</pre></aside></div>\n");
        sb.Append($"<script>{Script}</script>\n</body></html>\n");
        return sb.ToString();
    }

    /// <summary>Writes NAME.sSEED.html beside the trace; returns its path.</summary>
    public static string Write(string directory, FoundBug found, string? replayCommand = null)
    {
        var path = ArtifactNames.Page(directory, found.Schedule.Program, found.Schedule.Faults, found.Schedule.Seed);
        AtomicFile.Write(path, Render(found.Bug, found.Schedule, found.Trace, replayCommand));
        return path;
    }

    // The failing thread's last event before the end checks (an end check's failure is the last end-check line).
    private static int FailingEvent(IReadOnlyList<TraceEvent> trace, Bug bug)
    {
        for (int i = trace.Count - 1; i >= 0; i--)
        {
            if (bug.Thread is not null ? trace[i].Thread == bug.Thread : trace[i].Thread == TraceEvent.EndCheckThread) return i;
        }
        return trace.Count - 1;
    }

    private static void Meta(StringBuilder sb, string key, string value) => sb.Append($"<tr><th>{E(key)}</th><td>{E(value)}</td></tr>\n");

    private static string E(string s) => WebUtility.HtmlEncode(s);

    /// <summary>Who holds which lock, replayed from the trace's acquire and release events.</summary>
    private sealed class LockHolders
    {
        private readonly SortedDictionary<string, List<string>> holders = new(StringComparer.Ordinal);

        public void Apply(TraceEvent e)
        {
            if (e.Object is not { } lk) return;
            switch (e.Op)
            {
                case OpKind.Lock or OpKind.DownRead or OpKind.DownWrite:
                    Take(lk, e.Thread, e.Op == OpKind.DownRead ? "read" : null);
                    break;
                case OpKind.TryLock or OpKind.DownReadTrylock or OpKind.DownWriteTrylock when e.Detail?.Contains("taken", StringComparison.Ordinal) == true:
                    Take(lk, e.Thread, e.Op == OpKind.DownReadTrylock ? "read" : null);
                    break;
                case OpKind.Unlock or OpKind.UpRead or OpKind.UpWrite:
                    if (holders.TryGetValue(lk, out var list))
                    {
                        int at = list.FindIndex(h => h == e.Thread || h.StartsWith(e.Thread + " ", StringComparison.Ordinal));
                        if (at >= 0) list.RemoveAt(at);
                        if (list.Count == 0) holders.Remove(lk);
                    }
                    break;
            }
        }

        private void Take(string lk, string thread, string? how)
        {
            if (!holders.TryGetValue(lk, out var list)) holders[lk] = list = new List<string>();
            list.Add(how is null ? thread : $"{thread} ({how})");
        }

        public string Describe() =>
            holders.Count == 0 ? "none" : string.Join("; ", holders.Select(kv => $"{kv.Key} by {string.Join(", ", kv.Value)}"));
    }

    private const string Style = """
        body{font-family:system-ui,sans-serif;margin:1em;color:#222}
        h1{font-size:1.3em;color:#a00}
        pre.message{background:#fee;border:1px solid #e99;padding:.5em;white-space:pre-wrap}
        table.meta th{text-align:left;padding-right:1em;color:#555}
        .main{display:grid;grid-template-columns:minmax(0,1fr) 24em;gap:1em;align-items:start}
        .scroll{overflow:auto;max-height:80vh;border:1px solid #ccc}
        table.timeline{border-collapse:collapse;font-family:ui-monospace,monospace;font-size:12px}
        table.timeline th{position:sticky;top:0;background:#eef;border-bottom:2px solid #99c;padding:2px 6px}
        table.timeline td{border-left:1px solid #ddd;padding:1px 6px;white-space:nowrap;max-width:34em;overflow:hidden;text-overflow:ellipsis}
        table.timeline td.n{color:#888;text-align:right}
        table.timeline tr:hover td.ev{background:#ffd}
        table.timeline tr.selected td{background:#def}
        table.timeline tr.fail td{background:#fcc;font-weight:bold}
        th.failing-thread{color:#a00}
        td.end{color:#666;font-style:italic}
        aside{background:#f7f7f7;border:1px solid #ccc;padding:.5em}
        aside h2{font-size:1em;margin:0}
        aside pre{white-space:pre-wrap;font-size:12px}
        """;

    private const string Script = """
        (function () {
          var text = document.getElementById('detail-text');
          var selected = null;
          document.querySelectorAll('tr[data-info]').forEach(function (row) {
            row.addEventListener('click', function () {
              if (selected) selected.classList.remove('selected');
              selected = row;
              row.classList.add('selected');
              text.textContent = row.getAttribute('data-info');
            });
          });
          var failing = document.getElementById('failing');
          var scroll = document.getElementById('scroll');
          if (failing) {
            text.textContent = failing.getAttribute('data-info');
            var top = failing.getBoundingClientRect().top - scroll.getBoundingClientRect().top + scroll.scrollTop;
            scroll.scrollTop = Math.max(0, top - scroll.clientHeight / 2);
          }
          document.body.setAttribute('data-ready', 'yes');
        })();
        """;
}
