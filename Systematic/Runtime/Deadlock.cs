using System.Text;

namespace Torture.Systematic;

/// <summary>Builds the report of a state where no live thread can run: the wait-for cycle, with lock class names and holders.</summary>
internal static class Deadlock
{
    public static Bug Report(List<LogicalThread> threads, long step)
    {
        var blockers = new Dictionary<LogicalThread, List<LogicalThread>>(ReferenceEqualityComparer.Instance);
        foreach (var t in threads)
        {
            if (t.State != ThreadState.Alive || t.PendingObj is null) continue;
            var into = new List<LogicalThread>();
            t.PendingObj.AddBlockers(t, t.PendingOp, into);
            blockers[t] = into;
        }
        var cycle = FindCycle(threads, blockers);
        var sb = new StringBuilder();
        if (cycle is not null)
        {
            sb.Append("wait-for cycle: ");
            for (int i = 0; i < cycle.Count; i++)
            {
                var t = cycle[i];
                var holder = cycle[(i + 1) % cycle.Count];
                sb.Append($"{t.ThreadName} waits for {t.PendingObj!.Name} ({t.PendingOp}) held by {holder.ThreadName}");
                sb.Append(i + 1 < cycle.Count ? "; " : "");
            }
        }
        else
        {
            sb.Append("every live thread is blocked with no cycle of lock holders (a wait nobody will wake?)");
        }
        sb.Append(" | blocked: ");
        sb.Append(string.Join("; ", threads.Where(t => t.State == ThreadState.Alive).Select(Describe)));
        return new Bug(BugKind.Deadlock, "deadlock", sb.ToString(), cycle?[0].ThreadName, step);
    }

    private static string Describe(LogicalThread t)
    {
        var held = t.Held.Count == 0 ? "nothing" : string.Join(", ", t.Held.Select(h => h.Lock.Name));
        return $"{t.ThreadName} at {t.PendingOp} {t.PendingObj?.Name} holding {held}";
    }

    private static List<LogicalThread>? FindCycle(List<LogicalThread> threads, Dictionary<LogicalThread, List<LogicalThread>> edges)
    {
        // Thread order is spawn order, so the cycle found is the same every run.
        var state = new Dictionary<LogicalThread, int>(ReferenceEqualityComparer.Instance);
        var path = new List<LogicalThread>();
        foreach (var start in threads)
        {
            var found = Visit(start);
            if (found is not null) return found;
        }
        return null;

        List<LogicalThread>? Visit(LogicalThread t)
        {
            if (state.TryGetValue(t, out var s))
            {
                if (s == 1)
                {
                    int at = path.IndexOf(t);
                    return path.GetRange(at, path.Count - at);
                }
                return null;
            }
            state[t] = 1;
            path.Add(t);
            if (edges.TryGetValue(t, out var next))
            {
                foreach (var n in next)
                {
                    var found = Visit(n);
                    if (found is not null) return found;
                }
            }
            path.RemoveAt(path.Count - 1);
            state[t] = 2;
            return null;
        }
    }
}
