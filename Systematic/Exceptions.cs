namespace Torture.Systematic;

/// <summary>
/// Unwinds a logical thread whose iteration was abandoned. Model code must not catch it
/// (it should never catch <see cref="Exception"/> broadly for the same reason).
/// </summary>
public sealed class IterationCanceledException : Exception
{
    internal IterationCanceledException() : base("iteration abandoned") { }
}

/// <summary>Bad input given to Torture: a config, a schedule file, a flag. Reported as one line with exit code 2.</summary>
public class TortureInputException : Exception
{
    public TortureInputException(string message) : base(message) { }
}

/// <summary>A replay whose program no longer makes the recorded choices.</summary>
public sealed class ReplayDivergenceException : TortureInputException
{
    public ReplayDivergenceException(string message) : base(message) { }
}

/// <summary>
/// A program's input (the lines a generated program was drawn as) that does not parse or no longer
/// matches the code; <see cref="Index"/> is the 0-based input line, which replay turns into a file line.
/// </summary>
public sealed class ProgramInputException : TortureInputException
{
    public ProgramInputException(int index, string message) : base(message) => Index = index;

    public int Index { get; }
}
