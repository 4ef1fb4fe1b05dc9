namespace Torture.Systematic;

/// <summary>
/// Another engine's scheduler (Coyote's) deciding a controlled iteration. It owns the OS threads and
/// picks which one runs; every primitive keeps its semantics (lockdep, wait queues, the wait-for
/// deadlock report), because the runtime still checks, before each hand-over, that some thread can
/// run, and a thread that cannot go on asks the engine to park it until it can.
/// </summary>
public interface IExternalScheduler
{
    /// <summary>Run <paramref name="body"/> on a new thread the engine controls; it starts when the engine first schedules it.</summary>
    void Start(string name, Action body);

    /// <summary>The controller waits here for every thread started so far, and any they spawned, to end.</summary>
    void JoinAll();

    /// <summary>A scheduling point: the engine may run another thread before this one goes on.</summary>
    void Interleave();

    /// <summary>Park this thread until <paramref name="condition"/> holds (it only reads runtime state).</summary>
    void PauseUntil(Func<bool> condition);

    /// <summary>A data choice in [0, n).</summary>
    int NextInteger(int n);

    /// <summary>The engine's own way of tearing an iteration down: it must pass through model and runtime uncaught.</summary>
    bool IsTeardown(Exception e);
}
