namespace Torture.Systematic;

/// <summary>One line of a readable trace: at scheduling step <paramref name="Step"/>, a thread did an operation on an object.</summary>
public readonly record struct TraceEvent(long Step, string Thread, OpKind Op, string? Object, string? Detail)
{
    public override string ToString() => Format(Step);

    /// <summary>One line: number, thread, operation (a dot for a model note), object and what happened.</summary>
    public string Format(long number)
    {
        var op = Op == OpKind.Note ? "·" : Op.ToString();
        var s = $"{number,6}  {Thread,-12} {op,-16} {Object}";
        return Detail is null ? s.TrimEnd() : $"{s} {Detail}".TrimEnd();
    }

    /// <summary>The trace as text, events numbered from 1 in the order they happened.</summary>
    public static string Render(IEnumerable<TraceEvent> events) =>
        string.Concat(events.Select((e, i) => e.Format(i + 1) + "\n"));
}
