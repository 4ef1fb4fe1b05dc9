using Torture.Bench;
using Torture.Systematic;

// dotnet run -c Release --project bench [-- --runs N]          scheduler micro-benchmarks
// dotnet run -c Release --project bench -- mutants [--seeds N]   iterations-to-bug of every mutant
// dotnet run -c Release --project bench -- scenarios             schedules/s of every scenario
if (args.Length >= 1 && args[0] == "mutants")
{
    TimeToBug.Run(args.Length == 3 && args[1] == "--seeds" ? int.Parse(args[2]) : 100);
    return;
}
if (args.Length == 1 && args[0] == "scenarios")
{
    ScenarioThroughput.Run();
    return;
}
int runs = args.Length == 2 && args[0] == "--runs" ? int.Parse(args[1]) : 9;

Console.WriteLine($"Torture.Systematic scheduler benchmark — {Machine.Describe()}");
Console.WriteLine($"median of {runs} rounds (after a warm-up round); each round measures every row once, so a burst of load elsewhere hits all rows alike");
Console.WriteLine();

var rows = new (string What, string Unit, Func<double> Measure)[]
{
    ("decision, no switch (2 threads, strategy keeps the current one)", "ns/decision", () => Scheduler.NoSwitch(2_000_000)),
    ("scheduling point, one thread (no decision)", "ns/point", () => Scheduler.SingleThread(2_000_000)),
    ("decision with a switch (strategy alternates 2 threads)", "ns/decision", () => Scheduler.Switch(200_000)),
    ("raw SemaphoreSlim ping-pong hand-off, 2 OS threads", "ns/hand-off", () => Floor.PingPong(200_000)),
    ("random, 4 threads x 50 steps", "iterations/s", () => Scheduler.RandomIterations(4, 50, TimeSpan.FromSeconds(1))),
};

var samples = rows.Select(_ => new List<double>()).ToList();
for (int round = -1; round < runs; round++)
{
    for (int i = 0; i < rows.Length; i++)
    {
        double v = rows[i].Measure();
        if (round >= 0) samples[i].Add(v);
    }
}
var results = rows.Select((r, i) =>
{
    var s = samples[i].Order().ToList();
    return (r.What, r.Unit, Median: s[s.Count / 2], Min: s[0], Max: s[^1]);
}).ToList();

Console.WriteLine($"| {"measurement",-66} | {"median",12} | {"min",10} | {"max",10} | unit |");
Console.WriteLine($"|{new string('-', 68)}|{new string('-', 14)}|{new string('-', 12)}|{new string('-', 12)}|------|");
foreach (var r in results)
    Console.WriteLine($"| {r.What,-66} | {r.Median,12:N1} | {r.Min,10:N1} | {r.Max,10:N1} | {r.Unit} |");

double noSwitch = results[0].Median, withSwitch = results[2].Median, floor = results[3].Median;
Console.WriteLine();
Console.WriteLine($"decision without a switch: {noSwitch:N1} ns (target < 100 ns): {(noSwitch < 100 ? "met" : "MISSED")}");
Console.WriteLine($"switch / raw hand-off floor: {withSwitch / floor:N2}x (target <= 1.5x): {(withSwitch <= 1.5 * floor ? "met" : "MISSED")}");
