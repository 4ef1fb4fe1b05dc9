using System.Globalization;
using Torture.Systematic;

namespace Torture.Generator;

/// <summary>
/// One operation of a generated program, as written in its input: <c>t0: CpuAccess cpu=cpu0 mm=mm0 va=1 write=true</c>
/// (<c>setup:</c> for the set-up). The values stay text until the world resolves them.
/// </summary>
public sealed record ProgramLine(string Thread, OperationSpec Op, IReadOnlyList<string> Values)
{
    public const string Setup = "setup";

    public bool IsSetup => Thread == Setup;

    public string Value(string param)
    {
        int i = 0;
        foreach (var p in Op.Written)
        {
            if (p.Name == param) return Values[i];
            i++;
        }
        throw new ArgumentException($"{Op.Name} has no parameter {param}");
    }

    public override string ToString() =>
        $"{Thread}: {Op.Name}{string.Concat(Op.Written.Zip(Values, (p, v) => $" {p.Name}={v}"))}";

    /// <summary>Parse one input line; a line the catalog does not know is bad input naming <paramref name="index"/>.</summary>
    public static ProgramLine Parse(string text, int index)
    {
        int colon = text.IndexOf(": ", StringComparison.Ordinal);
        if (colon <= 0) throw new ProgramInputException(index, $"expected 'THREAD: Operation name=value ...', found '{Clip(text)}'");
        var thread = text[..colon];
        if (thread != Setup && !(thread.Length > 1 && thread[0] == 't' && thread[1..].All(char.IsAsciiDigit)))
            throw new ProgramInputException(index, $"'{Clip(thread)}' is neither 'setup' nor a thread t0, t1, ...");
        var words = text[(colon + 2)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0) throw new ProgramInputException(index, "no operation after the thread name");
        var op = OperationCatalog.Find(words[0])
            ?? throw new ProgramInputException(index, $"unknown operation '{Clip(words[0])}': this build's catalog has {string.Join(", ", OperationCatalog.All.Select(o => o.Name))}");
        if (op.SetupOnly && thread != Setup) throw new ProgramInputException(index, $"{op.Name} builds the world and may only run in the set-up");
        var expected = op.Written.ToList();
        if (words.Length - 1 != expected.Count)
            throw new ProgramInputException(index, $"{op.Name} takes {expected.Count} argument(s) ({string.Join(", ", expected.Select(p => p.Name))}), found {words.Length - 1}");
        var values = new string[expected.Count];
        for (int i = 0; i < expected.Count; i++)
        {
            var w = words[i + 1];
            int eq = w.IndexOf('=');
            if (eq < 0 || w[..eq] != expected[i].Name)
                throw new ProgramInputException(index, $"{op.Name}: argument {i + 1} must be {expected[i].Name}=..., found '{Clip(w)}'");
            values[i] = w[(eq + 1)..];
            CheckShape(expected[i], values[i], op, index);
        }
        return new ProgramLine(thread, op, values);
    }

    private static void CheckShape(ParamSpec p, string v, OperationSpec op, int index)
    {
        bool ok = p.Kind switch
        {
            ParamKind.Va or ParamKind.Gfn or ParamKind.RangeStart or ParamKind.RangeEnd or ParamKind.Number =>
                int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n < 1 << 20,
            ParamKind.Bool => v is "true" or "false",
            ParamKind.Signal => v is "maybe" or "never",
            ParamKind.Page => v.Split(':') is [{ Length: > 0 }, { Length: > 0 }],
            _ => v.Length > 0 && v.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'),
        };
        if (!ok) throw new ProgramInputException(index, $"{op.Name}: '{Clip(v)}' is not a valid {p.Name} ({p.Kind})");
    }

    private static string Clip(string s) => s.Length <= 50 ? s : s[..47] + "...";
}
