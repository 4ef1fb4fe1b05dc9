using System.Runtime.CompilerServices;

namespace Torture.Systematic;

/// <summary>
/// The operations of a Torture program that are not methods of a primitive: spawn, yield,
/// nondeterministic data, assertions and trace notes. Under the scheduler each is controlled;
/// natively each maps onto real threads.
/// </summary>
public static class Sched
{
    /// <summary>A scheduling point with no operation: let another thread run here.</summary>
    public static void Yield() => ExecutionRuntime.Current.Yield();

    /// <summary>A scheduling point that stands for an operation the model does not otherwise mirror
    /// (a lockless read, a per-CPU counter update); <paramref name="what"/> names it in the trace.</summary>
    public static void Yield(string what) => ExecutionRuntime.Current.Yield(Sched.Tracing ? what : null);

    /// <summary>As <see cref="Yield(string)"/>; the label is built only when tracing.</summary>
    public static void Yield([InterpolatedStringHandlerArgument] ref NoteText what)
    {
        var label = what.Finish();
        ExecutionRuntime.Current.Yield(label);
    }

    /// <summary>
    /// smp_mb(), or the release of a lock the model does not build (a critical section of one step):
    /// the running thread's earlier <see cref="WeakLong"/> stores are visible to every thread from here on.
    /// Not a scheduling point; without weak memory it does nothing.
    /// </summary>
    public static void Mb() => ExecutionRuntime.Current.Fence();

    /// <summary>A nondeterministic value in [0, n), recorded in the schedule.</summary>
    public static int Choose(int n) => ExecutionRuntime.Current.Choose(n);

    public static bool ChooseBool() => ExecutionRuntime.Current.Choose(2) == 1;

    /// <summary>Fail the iteration when <paramref name="condition"/> is false.</summary>
    /// <param name="check">The named check (an invariant) that reports the failure.</param>
    public static void Assert(bool condition, string message, string? check = null)
    {
        if (!condition) ExecutionRuntime.Current.Fail(BugKind.AssertionFailure, check, message);
    }

    /// <summary>Fail the iteration: <paramref name="check"/> found a violation.</summary>
    public static void Fail(string check, string message) =>
        ExecutionRuntime.Current.Fail(BugKind.AssertionFailure, check, message);

    public static ThreadHandle Spawn(string name, Action body) => ExecutionRuntime.Current.Spawn(name, body);

    /// <summary>
    /// A liveness monitor goes hot: <paramref name="why"/> waits for something (an invalidation to
    /// end, a lock to be released). Hot to the end of the iteration, or through a fair scheduling
    /// suffix, is a <see cref="BugKind.LivenessViolation"/> whose check is <paramref name="monitor"/>.
    /// </summary>
    public static void Hot(string monitor, string why) => ExecutionRuntime.Current.Hot(monitor, why);

    /// <summary>What the monitor waited for has happened.</summary>
    public static void Cold(string monitor) => ExecutionRuntime.Current.Cold(monitor);

    /// <summary>non_block_start(): until the matching <see cref="NonBlockEnd"/> the running thread promises not to sleep (<paramref name="why"/> names the section).</summary>
    public static void NonBlockStart(string why)
    {
        var s = ExecutionRuntime.Current.NonBlock;
        if (s.Depth++ == 0) s.Why = why;
    }

    /// <summary>non_block_end().</summary>
    public static void NonBlockEnd()
    {
        var rt = ExecutionRuntime.Current;
        var s = rt.NonBlock;
        if (s.Depth == 0) rt.Fail(BugKind.AssertionFailure, "might_sleep", $"{rt.CurrentThreadName} calls non_block_end() outside any non_block section");
        if (--s.Depth == 0) s.Why = null;
    }

    /// <summary>
    /// might_sleep(): <paramref name="what"/> may sleep, whether or not it does this time, so a sleep
    /// in a non_block section is reported from a single occurrence, as its own bug kind.
    /// </summary>
    /// <param name="what">What may sleep, e.g. "takes {0} (mutex_lock)"; {0} is <paramref name="name"/> (formatted only for a report).</param>
    public static void MightSleep(string what, object? name = null)
    {
        var rt = ExecutionRuntime.Current;
        var s = rt.NonBlock;
        if (s.Depth > 0)
            rt.Fail(BugKind.SleepInAtomic, "might_sleep", $"sleeping function called from invalid context: {rt.CurrentThreadName} {string.Format(what, name)} inside non_block_start() ({s.Why})");
    }

    /// <summary>Whether notes are being recorded (they cost nothing otherwise).</summary>
    public static bool Tracing => ExecutionRuntime.Ambient?.IsTracing ?? false;

    /// <summary>Name of the running logical thread.</summary>
    public static string ThreadName => ExecutionRuntime.Current.CurrentThreadName;

    /// <summary>Add a model event to the trace. Never a scheduling point; the text is built only when tracing.</summary>
    public static void Note([InterpolatedStringHandlerArgument] ref NoteText text)
    {
        if (text.Finish() is { } s) ExecutionRuntime.Current.Note(s);
    }

    public static void Note(string text)
    {
        if (Tracing) ExecutionRuntime.Current.Note(text);
    }
}

/// <summary>Formats a note only when the trace is being recorded.</summary>
[InterpolatedStringHandler]
public ref struct NoteText
{
    private DefaultInterpolatedStringHandler inner;
    internal readonly bool Enabled;

    public NoteText(int literalLength, int formattedCount, out bool isEnabled)
    {
        isEnabled = Enabled = Sched.Tracing;
        inner = Enabled ? new DefaultInterpolatedStringHandler(literalLength, formattedCount) : default;
        // The arguments are evaluated only when tracing: whatever they read must not be a scheduling point.
        if (Enabled) ExecutionRuntime.Current.BeginQuiet();
    }

    public void AppendLiteral(string s) => inner.AppendLiteral(s);
    public void AppendFormatted<T>(T value) => inner.AppendFormatted(value);
    public void AppendFormatted<T>(T value, string? format) => inner.AppendFormatted(value, format);
    /// <summary>The text (null when not tracing), ending the quiet mode the constructor began.</summary>
    internal string? Finish()
    {
        if (!Enabled) return null;
        var s = inner.ToStringAndClear();
        ExecutionRuntime.Current.EndQuiet();
        return s;
    }
}
