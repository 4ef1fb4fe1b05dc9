using System.Runtime.CompilerServices;

namespace Torture.Model;

/// <summary>
/// The kernel's own assertions. A BUG_ON/oops stops the model like it stops the kernel; a WARN_ON is
/// reported too, because in this model it fires only on a real protocol error. The message is
/// formatted only when the condition holds (these checks sit on hot paths).
/// </summary>
public static class KernelBug
{
    public const string BugCheck = "BUG";
    public const string WarnCheck = "WARN";

    /// <summary>BUG_ON(condition).</summary>
    public static void On(bool condition, [InterpolatedStringHandlerArgument(nameof(condition))] ref BugMessage message)
    {
        if (condition) Sched.Fail(BugCheck, message.ToStringAndClear());
    }

    /// <summary>WARN_ON(condition).</summary>
    public static void WarnOn(bool condition, [InterpolatedStringHandlerArgument(nameof(condition))] ref BugMessage message)
    {
        if (condition) Sched.Fail(WarnCheck, message.ToStringAndClear());
    }
}

/// <summary>A message built only when its assertion fails.</summary>
[InterpolatedStringHandler]
public ref struct BugMessage
{
    private DefaultInterpolatedStringHandler inner;

    public BugMessage(int literalLength, int formattedCount, bool condition, out bool isEnabled)
    {
        isEnabled = condition;
        inner = condition ? new DefaultInterpolatedStringHandler(literalLength, formattedCount) : default;
    }

    public void AppendLiteral(string s) => inner.AppendLiteral(s);
    public void AppendFormatted<T>(T value) => inner.AppendFormatted(value);
    public void AppendFormatted<T>(T value, string? format) => inner.AppendFormatted(value, format);
    internal string ToStringAndClear() => inner.ToStringAndClear();
}
