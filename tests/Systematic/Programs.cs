using Torture.Systematic;

namespace Torture.Tests.Systematic;

/// <summary>The test programs the Systematic tests share (each builds fresh state per iteration).</summary>
internal static class Programs
{
    /// <summary>
    /// Each thread does <paramref name="ops"/> atomic adds and records its id after each one, so the
    /// order of operations of an iteration is a word over thread ids; it is added to <paramref name="words"/>.
    /// </summary>
    public static TestProgram Atomics(int threads, int ops, List<string>? words = null) => new($"atomics-{threads}x{ops}", p =>
    {
        var x = new AtomicLong("x");
        var word = new System.Text.StringBuilder();
        for (int t = 0; t < threads; t++)
        {
            char id = (char)('0' + t);
            p.Thread($"T{t}", () =>
            {
                for (int i = 0; i < ops; i++)
                {
                    x.Add(1);
                    word.Append(id);   // between two operations: atomic with the add
                }
            });
        }
        p.AtEnd(() =>
        {
            Sched.Assert(x.Load() == threads * ops, $"x is {x.Load()}", "sum");
            words?.Add(word.ToString());
        });
    });

    /// <summary>Increment with a load then a store: two threads can both read the old value.</summary>
    public static TestProgram LostUpdate(int threads = 2, int increments = 1) => Counter("lost-update", threads, increments, x =>
    {
        var v = x.Load();
        x.Store(v + 1);
    });

    /// <summary>The correct increment: a compare-exchange loop.</summary>
    public static TestProgram CasCounter(int threads = 2, int increments = 1) => Counter("cas-counter", threads, increments, CasIncrement);

    public static void CasIncrement(AtomicLong x)
    {
        while (true)
        {
            var v = x.Load();
            if (x.CompareExchange(v, v + 1) == v) return;
        }
    }

    private static TestProgram Counter(string name, int threads, int increments, Action<AtomicLong> increment) =>
        new($"{name}-{threads}x{increments}", p =>
        {
            var x = new AtomicLong("counter");
            long expected = (long)threads * increments;
            for (int t = 0; t < threads; t++)
                p.Thread($"T{t}", () => { for (int i = 0; i < increments; i++) increment(x); });
            p.AtEnd(() => Sched.Assert(x.Load() == expected, $"counter is {x.Load()}, expected {expected}", "no-lost-update"));
        });

    public const string LockA = "alpha_lock", LockB = "beta_lock", Left = "left", Right = "right";

    /// <summary>
    /// AB-BA: "left" takes alpha then beta, "right" beta then alpha. With <paramref name="barrier"/>
    /// each first takes its outer lock and then waits for the other to hold its own, so every run deadlocks
    /// (natively too). With <paramref name="serialized"/> "right" starts only after "left" finished, so it
    /// never deadlocks but the two orders are still both taken.
    /// </summary>
    public static TestProgram AbBa(bool barrier = false, bool serialized = false) =>
        new($"ab-ba{(barrier ? "-barrier" : "")}{(serialized ? "-serialized" : "")}", p =>
        {
            var a = new Mutex(LockA);
            var b = new Mutex(LockB);
            var leftHolds = new Semaphore("left-holds", 0);
            var rightHolds = new Semaphore("right-holds", 0);
            var leftDone = new Semaphore("left-done", 0);
            p.Thread(Left, () =>
            {
                a.Lock();
                if (barrier) { leftHolds.Up(); rightHolds.Down(); }
                b.Lock();
                b.Unlock();
                a.Unlock();
                if (serialized) leftDone.Up();
            });
            p.Thread(Right, () =>
            {
                if (serialized) leftDone.Down();
                b.Lock();
                if (barrier) { rightHolds.Up(); leftHolds.Down(); }
                a.Lock();
                a.Unlock();
                b.Unlock();
            });
        });

    /// <summary>A program whose assertion fails in every run.</summary>
    public static TestProgram AlwaysFails() => new("always-fails", p =>
    {
        var x = new AtomicLong("x");
        p.Thread("T0", () => x.Add(1));
        p.Thread("T1", () => Sched.Assert(false, "this always fails", "always"));
    });

    /// <summary>
    /// A depth-3 ordering bug: A does <paramref name="n"/> adds, <paramref name="pad"/> yields, reads b,
    /// then <paramref name="n"/> more adds; B reads a, does <paramref name="n"/> adds, <paramref name="pad"/>
    /// yields and reads a again. It fails only for the phase order A-adds, B-adds, A-adds, B-read:
    /// B must stay idle during A's first n steps, then A idle during B's run, then B idle during A's
    /// second run (two priority changes for PCT; about 2^-n for a uniform random walk).
    /// </summary>
    public static TestProgram ThreePhases(int n, int pad) => new($"three-phases-{n}-{pad}", p =>
    {
        var a = new AtomicLong("a");
        var b = new AtomicLong("b");
        long bFirst = -1, aMiddle = -1, bLast = -1;
        p.Thread("A", () =>
        {
            for (int i = 0; i < n; i++) a.Add(1);
            for (int i = 0; i < pad; i++) Sched.Yield();
            aMiddle = b.Load();
            for (int i = 0; i < n; i++) a.Add(1);
        });
        p.Thread("B", () =>
        {
            bFirst = a.Load();
            for (int i = 0; i < n; i++) b.Add(1);
            for (int i = 0; i < pad; i++) Sched.Yield();
            bLast = a.Load();
        });
        p.AtEnd(() => Sched.Assert(!(bFirst == n && aMiddle == n && bLast == 2 * n),
            "the three phases ran in the forbidden order", "three-phases"));
    });

    /// <summary>
    /// Several schedule- and data-dependent bugs in one program: a lost update when both incrementers
    /// choose the racy path, and an AB-BA deadlock (or, with lockdep, an inversion) when "ba" chooses
    /// the inverted order; with a spawned helper, a join and trace notes.
    /// </summary>
    public static TestProgram Mixed() => new("mixed", p =>
    {
        var counter = new AtomicLong("counter");
        var a = new Mutex(LockA);
        var b = new Mutex(LockB);
        for (int t = 0; t < 2; t++)
        {
            p.Thread($"inc{t}", () =>
            {
                if (!Sched.ChooseBool()) { CasIncrement(counter); return; }
                var v = counter.Load();
                Sched.Note($"{Sched.ThreadName} read {v}");
                counter.Store(v + 1);
            });
        }
        p.Thread("ab", () =>
        {
            var helper = Sched.Spawn("helper", () => counter.Add(0));
            a.Lock();
            b.Lock();
            b.Unlock();
            a.Unlock();
            helper.Join();
        });
        p.Thread("ba", () =>
        {
            var (first, second) = Sched.ChooseBool() ? (b, a) : (a, b);
            first.Lock();
            second.Lock();
            second.Unlock();
            first.Unlock();
        });
        p.AtEnd(() => Sched.Assert(counter.Load() == 2, $"counter is {counter.Load()}, expected 2", "no-lost-update"));
    });
}
