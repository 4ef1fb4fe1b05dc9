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

    /// <summary>An option that takes true or false; null when not given.</summary>
    public bool? Bool(string name) => One(name) switch
    {
        null => null,
        "true" => true,
        "false" => false,
        var v => throw new TortureInputException($"{command}: {name} takes true or false, not '{v}'"),
    };

    /// <summary>
    /// Parse with System.CommandLine (<see cref="CommandLineSpec"/>); its errors become our one-line
    /// messages. "torture COMMAND --help" is answered before this (<see cref="Help(string, IReadOnlyDictionary{string, OptionKind}, int, TextWriter)"/>).
    /// </summary>
    public static ParsedArgs Parse(string command, IReadOnlyList<string> args, IReadOnlyDictionary<string, OptionKind> spec, int maxPositional)
    {
        var (root, _, options, positional) = CommandLineSpec.Build(command, spec, maxPositional);
        var result = root.Parse(new[] { command }.Concat(args).ToArray());
        if (result.Errors.Count > 0) throw new TortureInputException(Message(command, result.Errors[0].Message, spec));
        var parsed = new ParsedArgs(command);
        foreach (var (name, option) in options)
        {
            var found = result.GetResult(option);
            if (found is null || found.Implicit) continue;
            if (option is System.CommandLine.Option<bool> flag)
            {
                if (result.GetValue(flag)) parsed.Add(name, "true");
                continue;
            }
            foreach (var v in result.GetValue((System.CommandLine.Option<string[]>)option) ?? Array.Empty<string>()) parsed.Add(name, v);
        }
        if (positional is System.CommandLine.Argument<string?> one && result.GetValue(one) is { } file) parsed.Positional.Add(file);
        if (positional is System.CommandLine.Argument<string[]> many) parsed.Positional.AddRange(result.GetValue(many) ?? Array.Empty<string>());
        return parsed;
    }

    /// <summary>The generated help of one command (its options, aliases and arguments).</summary>
    public static int Help(string command, IReadOnlyDictionary<string, OptionKind> spec, int maxPositional, TextWriter console)
    {
        var (root, _, _, _) = CommandLineSpec.Build(command, spec, maxPositional);
        root.Parse(new[] { command, "--help" }).Invoke(new System.CommandLine.InvocationConfiguration { Output = console });
        return 0;
    }

    // System.CommandLine's words, said the way the rest of torture's errors are.
    private static string Message(string command, string error, IReadOnlyDictionary<string, OptionKind> spec)
    {
        const string unknown = "Unrecognized command or argument '", missing = "Required argument missing for option: '";
        if (error.StartsWith(unknown, StringComparison.Ordinal))
        {
            var word = error[unknown.Length..].TrimEnd('.', '\'');
            return word.StartsWith('-')
                ? $"{command}: unknown option '{word}' (known: {string.Join(", ", spec.Keys.Order(StringComparer.Ordinal))}; see 'torture {command} --help')"
                : $"{command}: unexpected argument '{word}' (see 'torture {command} --help')";
        }
        if (error.StartsWith(missing, StringComparison.Ordinal)) return $"{command}: {error[missing.Length..].TrimEnd('.', '\'')} needs a value";
        return $"{command}: {error.TrimEnd('.')} (see 'torture {command} --help')";
    }
}
