using System.Runtime.InteropServices;
using Torture.Cli;
using Torture.Reports;
using Torture.Systematic;
using CancellationToken = System.Threading.CancellationToken;
using CancellationTokenSource = System.Threading.CancellationTokenSource;

namespace Torture;

internal static class Program
{
    private static int Main(string[] args)
    {
        // Ctrl-C and SIGTERM stop the exploration between iterations; what was found is still written.
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx =>
        {
            ctx.Cancel = true;
            cts.Cancel();
        });
        return Run(args, Console.Out, Console.Error, cts.Token);
    }

    /// <summary>
    /// The whole command line. Exit codes (<see cref="ExitCodes"/>): 0 clean, 1 bug found, 2 bad input
    /// (one line on <paramref name="error"/>, never a stack trace), 3 internal error, 4 incomplete
    /// (interrupted, or a dfs its budget cut short).
    /// </summary>
    internal static int Run(IReadOnlyList<string> args, TextWriter console, TextWriter error, CancellationToken cancel = default)
    {
        try
        {
            return Dispatch(args, console, cancel);
        }
        catch (TortureInputException e)
        {
            error.WriteLine($"torture: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Schedules are written before anything else, so an output error loses no bug.
            error.WriteLine($"torture: cannot write the results: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (Exception e)
        {
            // A bug of Torture itself: one line here, the details in a file a report can attach.
            var details = Path.Combine(Path.GetTempPath(), $"torture-internal-error-{Environment.ProcessId}.txt");
            try { File.WriteAllText(details, e.ToString()); } catch (IOException) { details = "(could not be written)"; }
            error.WriteLine($"torture: internal error: {e.GetType().Name}: {e.Message.Split('\n')[0]} (details: {details})");
            return ExitCodes.InternalError;
        }
    }

    /// <summary>Each command's options and how many positional arguments it takes (for its --help).</summary>
    private static readonly Dictionary<string, (IReadOnlyDictionary<string, OptionKind> Options, int Positional)> CommandSpecs = new(StringComparer.Ordinal)
    {
        ["run"] = (RunCommand.Options, 0), ["demo"] = (RunCommand.Options, 0), ["replay"] = (ReplayCommand.Options, 1),
        ["minimize"] = (MinimizeCommand.Options, 1), ["mutants"] = (MutantsCommand.Options, 0), ["list"] = (ListCommand.Options, 0),
        ["merge"] = (MergeCommand.Options, int.MaxValue),
    };

    internal static int Dispatch(IReadOnlyList<string> args, TextWriter console, CancellationToken cancel = default)
    {
        if (args.Count == 0) return Help.Print(console);
        if (args[0] is "--version" or "-V")
        {
            var version = typeof(Program).Assembly.GetName().Version;
            console.WriteLine($"torture {version} (commit {Fingerprints.Commit}, behaviour fingerprint {Scenarios.Scenario.Fingerprint})");
            return ExitCodes.Clean;
        }
        var rest = args.Skip(1).ToList();
        // "torture COMMAND --help": that command's generated usage, whatever else the line says.
        if (rest.Any(a => a is "--help" or "-h" or "-?") && CommandSpecs.TryGetValue(args[0], out var spec))
            return ParsedArgs.Help(args[0], spec.Options, spec.Positional, console);
        return args[0] switch
        {
            "run" => RunCommand.Run(rest, console, cancel),
            "replay" => ReplayCommand.Run(rest, console),
            "minimize" => MinimizeCommand.Run(rest, console),
            "mutants" => MutantsCommand.Run(rest, console, cancel),
            "list" => ListCommand.Run(rest, console),
            "demo" => DemoCommand.Run(rest, console),
            "merge" => MergeCommand.Run(rest, console),
            "help" or "--help" or "-h" => Help.Print(console),
            var other => throw new TortureInputException($"unknown command '{other}' (commands: run, replay, minimize, mutants, list, demo, merge, help)"),
        };
    }
}
