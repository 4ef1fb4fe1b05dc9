namespace Torture.Systematic;

/// <summary>One line of a readable trace: at scheduling step <paramref name="Step"/>, a thread did an operation on an object.</summary>
public readonly record struct TraceEvent(long Step, string Thread, OpKind Op, string? Object, string? Detail)
{
    public override string ToString()
    {
        var op = Op == OpKind.Note ? "·" : Op.ToString();
        var s = $"{Step,6}  {Thread,-12} {op,-16} {Object}";
        return Detail is null ? s.TrimEnd() : $"{s} {Detail}".TrimEnd();
    }

    public static string Render(IEnumerable<TraceEvent> events) =>
        string.Concat(events.Select(e => e + "\n"));
}
