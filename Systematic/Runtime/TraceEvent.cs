namespace Torture.Systematic;

/// <summary>One line of a readable trace: at scheduling step <paramref name="Step"/>, a thread did an operation on an object.</summary>
public readonly record struct TraceEvent(long Step, string Thread, OpKind Op, string? Object, string? Detail)
{
    /// <summary>The pseudo-threads of the set-up and of the end checks.</summary>
    public const string SetupThread = ControlledRuntime.SetupName, EndCheckThread = ControlledRuntime.EndCheckName;

    /// <summary>What happened, without number or thread: the operation (a dot for a note), object and detail.</summary>
    public string Action => $"{(Op == OpKind.Note ? "·" : Op.ToString())} {Object} {Detail}".Replace("  ", " ").Trim();

    public override string ToString() => Format(Step);

    /// <summary>One line: number, thread, operation (a dot for a model note), object and what happened.</summary>
    public string Format(long number)
    {
        var op = Op == OpKind.Note ? "·" : Op.ToString();
        var s = $"{number,6}  {Thread,-12} {op,-16} {Object}";
        return Detail is null ? s.TrimEnd() : $"{s} {Detail}".TrimEnd();
    }

    /// <summary>The trace as text, events numbered from 1 in the order they happened, with the set-up and end checks set apart.</summary>
    public static string Render(IEnumerable<TraceEvent> events)
    {
        var sb = new System.Text.StringBuilder();
        string? previous = null;
        int n = 0;
        foreach (var e in events)
        {
            if (previous == ControlledRuntime.SetupName && e.Thread != ControlledRuntime.SetupName)
                sb.Append("        ---- set-up done: the threads start ----\n");
            if (previous is not null && previous != ControlledRuntime.EndCheckName && e.Thread == ControlledRuntime.EndCheckName)
                sb.Append("        ---- every thread has finished: end checks ----\n");
            sb.Append(e.Format(++n)).Append('\n');
            previous = e.Thread;
        }
        return sb.ToString();
    }
}
