using Torture.Systematic;

namespace Torture.Demos;

/// <summary>Small programs with classic bugs, to see the scheduler find, report and replay them.</summary>
public static class DemoPrograms
{
    /// <summary>Two threads increment a counter with load-then-store: one increment can be lost.</summary>
    public static TestProgram LostUpdate { get; } = new("demo-lost-update", p =>
    {
        var counter = new AtomicLong("counter");
        for (int i = 0; i < 2; i++)
        {
            p.Thread($"inc{i}", () =>
            {
                long v = counter.Load();
                counter.Store(v + 1);
            });
        }
        p.AtEnd(() =>
        {
            long v = counter.Load();
            Sched.Assert(v == 2, $"counter is {v} after two increments", "no-lost-update");
        });
    });

    /// <summary>Two threads take two locks in opposite orders: an AB-BA deadlock.</summary>
    public static TestProgram AbBaDeadlock { get; } = new("demo-abba-deadlock", p =>
    {
        var a = new Mutex("lock_a");
        var b = new Mutex("lock_b");
        p.Thread("ab", () => { a.Lock(); b.Lock(); b.Unlock(); a.Unlock(); });
        p.Thread("ba", () => { b.Lock(); a.Lock(); a.Unlock(); b.Unlock(); });
    });

    /// <summary>The same AB-BA program, explored with lockdep off so the deadlock itself is what gets reported.</summary>
    public static TestProgram AbBaDeadlockLockdepOff { get; } = new("demo-abba-deadlock-lockdep-off", AbBaDeadlock.Build);

    public static IReadOnlyList<TestProgram> All { get; } = new[] { LostUpdate, AbBaDeadlock, AbBaDeadlockLockdepOff };
}
