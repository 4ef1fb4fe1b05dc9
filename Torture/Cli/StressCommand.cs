using Torture.Campaign;
using Torture.Systematic;

namespace Torture.Cli;

/// <summary>torture stress: the scenarios free on real threads (native mode), like rcutorture; exit 1 on a failure.</summary>
public static class StressCommand
{
    private static readonly Dictionary<string, OptionKind> Options = new()
    {
        ["--scenario"] = OptionKind.Repeated, ["--mutant"] = OptionKind.Repeated,
        ["--iterations"] = OptionKind.Value, ["--seconds"] = OptionKind.Value,
    };

    public static int Run(IReadOnlyList<string> args, TextWriter console)
    {
        var a = ParsedArgs.Parse("stress", args, Options, maxPositional: 0);
        long iterations = a.Long("--iterations", 1, long.MaxValue) ?? long.MaxValue;
        var seconds = TimeSpan.FromSeconds(a.Long("--seconds", 1, 7 * 24 * 3600) ?? 10);
        int failures = 0;
        foreach (var item in Catalog.Campaign(a.All("--scenario"), Catalog.Mutants(a.All("--mutant"))))
        {
            var r = NativeRunner.Run(item.Program, iterations, seconds);
            console.WriteLine($"{item.Name,-34} native {r.Iterations,10:N0} it {r.Iterations / Math.Max(r.Elapsed.TotalSeconds, 1e-9),10:N0} it/s  {(r.Bug is null ? "SUCCESS" : "FAILURE " + r.Bug)}");
            if (r.Bug is not null) failures++;
        }
        return failures == 0 ? 0 : 1;
    }
}
