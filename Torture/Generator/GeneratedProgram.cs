using Torture.Systematic;

namespace Torture.Generator;

/// <summary>A generated program: the set-up that builds its world, then each thread's operations.</summary>
public sealed record GeneratedProgram(IReadOnlyList<ProgramLine> Setup, IReadOnlyList<IReadOnlyList<ProgramLine>> Threads)
{
    public IEnumerable<ProgramLine> Lines => Setup.Concat(Threads.SelectMany(t => t));

    public int OperationCount => Threads.Sum(t => t.Count);

    /// <summary>The input lines, as schedule files and traces show them.</summary>
    public IReadOnlyList<string> ToLines() => Lines.Select(l => l.ToString()).ToList();

    public static string ThreadName(int i) => $"t{i}";

    /// <summary>Parse input lines: the set-up first, then threads t0, t1, ... in order (none: a set-up that failed by itself).</summary>
    public static GeneratedProgram Parse(IReadOnlyList<string> lines)
    {
        var setup = new List<ProgramLine>();
        var threads = new List<List<ProgramLine>>();
        for (int i = 0; i < lines.Count; i++)
        {
            var line = ProgramLine.Parse(lines[i], i);
            if (line.IsSetup)
            {
                if (threads.Count > 0) throw new ProgramInputException(i, "a set-up line after the threads' lines");
                setup.Add(line);
                continue;
            }
            if (threads.Count == 0 || ThreadName(threads.Count - 1) != line.Thread)
            {
                if (line.Thread != ThreadName(threads.Count))
                    throw new ProgramInputException(i, $"thread '{line.Thread}' out of order: expected {ThreadName(threads.Count)}{(threads.Count > 0 ? $" or {ThreadName(threads.Count - 1)}" : "")}");
                threads.Add(new List<ProgramLine>());
            }
            threads[^1].Add(line);
        }
        return new GeneratedProgram(setup, threads);
    }
}
