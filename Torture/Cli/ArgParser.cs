using System.Globalization;
using Torture.Systematic;

namespace Torture.Cli;

/// <summary>How an option is written on the command line.</summary>
public enum OptionKind { Flag, Value, Repeated }

/// <summary>A command's parsed words. Anything it does not know is bad input (exit 2).</summary>
public sealed class ParsedArgs
{
    private readonly string command;
    private readonly Dictionary<string, List<string>> values = new(StringComparer.Ordinal);

    internal ParsedArgs(string command) => this.command = command;

    public List<string> Positional { get; } = new();

    internal void Add(string name, string value)
    {
        if (!values.TryGetValue(name, out var list)) values[name] = list = new List<string>();
        list.Add(value);
    }

    public bool Has(string name) => values.ContainsKey(name);

    public string? One(string name) => values.TryGetValue(name, out var l) ? l[^1] : null;

    public IReadOnlyList<string> All(string name) =>
        values.TryGetValue(name, out var l) ? l.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList() : Array.Empty<string>();

    /// <summary>The names a filter option lists; given but naming nothing ("", ",,,") is a mistake, not "everything".</summary>
    public IReadOnlyList<string> Names(string name)
    {
        var names = All(name);
        if (Has(name) && names.Count == 0) throw new TortureInputException($"{command}: {name} names no {name[2..]} (see 'torture list')");
        return names;
    }

    public long? Long(string name, long min, long max)
    {
        var v = One(name);
        if (v is null) return null;
        if (!long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < min || n > max)
            throw new TortureInputException($"{command}: {name} takes a whole number from {min} to {max}, not '{v}'");
        return n;
    }

    public static ParsedArgs Parse(string command, IReadOnlyList<string> args, IReadOnlyDictionary<string, OptionKind> spec, int maxPositional)
    {
        var parsed = new ParsedArgs(command);
        for (int i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (!a.StartsWith("--", StringComparison.Ordinal) || a == "--")
            {
                if (parsed.Positional.Count >= maxPositional)
                    throw new TortureInputException($"{command}: unexpected argument '{a}' (see 'torture help')");
                parsed.Positional.Add(a);
                continue;
            }
            string name = a, value = "";
            int eq = a.IndexOf('=');
            if (eq > 0) { name = a[..eq]; value = a[(eq + 1)..]; }
            if (!spec.TryGetValue(name, out var kind))
                throw new TortureInputException($"{command}: unknown option '{name}' (known: {string.Join(", ", spec.Keys.Order())})");
            if (kind == OptionKind.Flag)
            {
                if (eq > 0) throw new TortureInputException($"{command}: {name} takes no value");
                parsed.Add(name, "true");
                continue;
            }
            if (eq < 0)
            {
                if (i + 1 >= args.Count) throw new TortureInputException($"{command}: {name} needs a value");
                value = args[++i];
            }
            if (kind == OptionKind.Value && parsed.Has(name)) throw new TortureInputException($"{command}: {name} given twice");
            parsed.Add(name, value);
        }
        return parsed;
    }
}
