namespace Torture.Model;

/// <summary>
/// include/linux/sched/signal.h: signal_pending(current), as the explorer's choice. A task that may be
/// signalled decides once whether a signal comes during the operation, then at each check whether it
/// has arrived yet, so every bail-out point is reachable without making success rare.
/// </summary>
public sealed class SignalPending
{
    private readonly bool possible;
    private bool? coming;
    private bool arrived;

    private SignalPending(bool possible) => this.possible = possible;

    /// <summary>A task nobody signals (set-up code, tests of the success path).</summary>
    public static SignalPending Never() => new(false);

    /// <summary>A task a signal may reach at any check.</summary>
    public static SignalPending Maybe() => new(true);

    public bool Check()
    {
        if (!possible || arrived) return arrived;
        coming ??= Sched.ChooseBool();
        if (coming.Value && Sched.ChooseBool())
        {
            arrived = true;
            Sched.Note("signal_pending(current): a signal arrived");
        }
        return arrived;
    }
}
