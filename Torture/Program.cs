using Torture.Cli;
using Torture.Systematic;

namespace Torture;

internal static class Program
{
    private static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>The whole command line: bad input is one line on <paramref name="error"/> and exit code 2, never a stack trace.</summary>
    internal static int Run(IReadOnlyList<string> args, TextWriter console, TextWriter error)
    {
        try
        {
            return Dispatch(args, console);
        }
        catch (TortureInputException e)
        {
            error.WriteLine($"torture: {e.Message}");
            return 2;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Schedules are written before anything else, so an output error loses no bug.
            error.WriteLine($"torture: cannot write the results: {e.Message}");
            return 2;
        }
    }

    internal static int Dispatch(IReadOnlyList<string> args, TextWriter console)
    {
        if (args.Count == 0) return Help.Print(console);
        var rest = args.Skip(1).ToList();
        return args[0] switch
        {
            "run" => RunCommand.Run(rest, console),
            "replay" => ReplayCommand.Run(rest, console),
            "list" => ListCommand.Run(rest, console),
            "minimize" => MinimizeCommand.Run(rest, console),
            "demo" => DemoCommand.Run(rest, console),
            "help" or "--help" or "-h" => Help.Print(console),
            var other => throw new TortureInputException($"unknown command '{other}' (commands: run, replay, minimize, list, demo, help)"),
        };
    }
}
