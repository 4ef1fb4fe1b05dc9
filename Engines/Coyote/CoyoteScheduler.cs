using System.Threading;
using Microsoft.Coyote.Runtime;
using Torture.Systematic;

namespace Torture.Coyote;

/// <summary>
/// One iteration's scheduling handed to Coyote. The threads are created and joined here, in this
/// rewritten assembly, so Coyote controls them; Systematic itself is never rewritten (a rewritten
/// copy hangs under Coyote and slows our own engine).
/// </summary>
internal sealed class CoyoteScheduler : IExternalScheduler
{
    private readonly List<Thread> threads = new();
    private readonly Microsoft.Coyote.Random.Generator random = Microsoft.Coyote.Random.Generator.Create();

    public void Start(string name, Action body)
    {
        // No Name: Coyote knows its controlled threads by the names it gives them.
        var thread = new Thread(() => body()) { IsBackground = true };
        threads.Add(thread);
        thread.Start();
    }

    public void JoinAll()
    {
        // A running thread may spawn another meanwhile: the list can grow while it is joined.
        for (int i = 0; i < threads.Count; i++) threads[i].Join();
    }

    public void Interleave() => SchedulingPoint.Interleave();

    public void PauseUntil(Func<bool> condition) => Operation.PauseUntil(condition);

    public int NextInteger(int n) => random.NextInteger(n);

    // Coyote ends an iteration's other operations by interrupting them.
    public bool IsTeardown(Exception e) => e is ThreadInterruptedException;
}
