using Torture.Invariants;
using Torture.Model;
using Torture.Scenarios;
using Torture.Systematic;

namespace Torture.Generator;

/// <summary>
/// The generated scenario: each iteration draws a world and 2-3 threads of operations from the whole
/// catalog (<see cref="ProgramDrawer"/>), every draw a recorded choice, declares the drawn program as
/// the iteration's input, and runs it. Its schedule files hold the program's lines instead of the
/// draws, so a shrunk or edited program replays like a drawn one.
/// </summary>
public sealed class GeneratedScenario : IScenario
{
    public const string ScenarioName = "generated";

    /// <summary>Frames for a world of up to three mms, a file and their copies.</summary>
    public const int Frames = 24;

    public string Name => ScenarioName;

    public string Description =>
        $"a drawn world (1-2 mms, forked or sharing a file, anon and file VMAs, 1-2 CPUs, KVMs and devices) and 2-3 threads of 1-2 operations from the catalog of {OperationCatalog.ThreadOps.Count}";

    /// <summary>Every mutant: the generator composes what each needs (the mutation table says within what budget).</summary>
    public IReadOnlyList<Mutant> Exposes { get; } = Enum.GetValues<Mutant>();

    public TestProgram Program(IReadOnlyCollection<Mutant> faults) => Program(faults, null);

    /// <summary>As <see cref="Program(IReadOnlyCollection{Mutant})"/>, counting what the iterations exercise into <paramref name="coverage"/>.</summary>
    public TestProgram Program(IReadOnlyCollection<Mutant> faults, Coverage? coverage)
    {
        var switches = faults.ToArray();
        return new TestProgram(Name, p =>
        {
            var (k, world) = NewWorld(switches, p, coverage);
            var drawer = new ProgramDrawer();
            var (setupText, shape) = drawer.DrawShape();
            var setup = setupText.Select(ProgramLine.Parse).ToList();
            // Declared before it runs, so a bug in the set-up itself still has its program in the schedule.
            p.Input(new GeneratedProgram(setup, Array.Empty<IReadOnlyList<ProgramLine>>()).ToLines());
            ProgramRunner.RunSetup(world, setup);
            var threads = drawer.DrawArguments(world, shape);
            var program = new GeneratedProgram(setup, Parse(threads, setup.Count));
            p.Input(program.ToLines());
            if (coverage is not null) coverage.Programs++;
            ProgramRunner.DeclareThreads(world, program, p, coverage);
        }, Scenario.Fingerprint)
        {
            FromInput = FromLines(switches),
        };
    }

    /// <summary>The program of <paramref name="program"/>'s lines, drawing nothing (replay, shrinking, a user's edit).</summary>
    public TestProgram Fixed(GeneratedProgram program, IReadOnlyCollection<Mutant> faults)
    {
        var switches = faults.ToArray();
        return new TestProgram(Name, p =>
        {
            var (_, world) = NewWorld(switches, p, null);
            // Nothing is drawn; declared before the set-up runs, so a set-up that fails keeps its lines too.
            p.Input(program.ToLines());
            ProgramRunner.RunSetup(world, program.Setup);
            ProgramRunner.DeclareThreads(world, program, p, null);
        }, Scenario.Fingerprint)
        {
            FromInput = FromLines(switches),
        };
    }

    /// <summary>How a schedule's input lines become a program again: parsed, then run as written.</summary>
    private Func<IReadOnlyList<string>, TestProgram> FromLines(Mutant[] switches) => lines => Fixed(GeneratedProgram.Parse(lines), switches);

    private static (Kernel, World) NewWorld(Mutant[] switches, ProgramBuilder p, Coverage? coverage)
    {
        var k = new Kernel(switches, Frames);
        InvariantCatalog.AttachAll(k, p);
        if (coverage is not null) k.Observe(coverage.CallbackCounter());
        return (k, new World(k));
    }

    private static IReadOnlyList<IReadOnlyList<ProgramLine>> Parse(IReadOnlyList<IReadOnlyList<string>> threads, int first)
    {
        int index = first;
        return threads.Select(t => (IReadOnlyList<ProgramLine>)t.Select(l => ProgramLine.Parse(l, index++)).ToList()).ToList();
    }

    public override string ToString() => Name;
}
