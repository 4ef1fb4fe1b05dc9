using Torture.Systematic;
using Xunit;

namespace Torture.Tests.Systematic;

/// <summary>
/// dfs with partial-order reduction runs one schedule per ordering of conflicting steps, and its
/// "exhausted" is still a proof: it reaches exactly the final states and bugs plain dfs reaches.
/// </summary>
public class PartialOrderTests
{
    private static ExplorationOptions Options(bool por, int bound = -1, long iterations = 200_000) =>
        new() { Strategy = "dfs", PartialOrder = por, PreemptionBound = bound, Iterations = iterations };

    /// <summary>Run to exhaustion and collect the final states the program's end check reported.</summary>
    private static (HashSet<string> States, ExplorationResult Result) Exhaust(Func<HashSet<string>, TestProgram> make, bool por, int bound = -1)
    {
        var states = new HashSet<string>();
        var r = Explorer.Explore(make(states), Options(por, bound));
        Assert.False(r.BugFound, r.Found?.Bug.ToString());
        Assert.True(r.Exhausted, $"not exhausted after {r.Iterations}");
        return (states, r);
    }

    [Theory]
    [InlineData(2, 2)]
    [InlineData(3, 3)]
    public void ThreadsOnDisjointObjectsRunOneSchedule(int threads, int ops)
    {
        var (_, plain) = Exhaust(_ => Disjoint(threads, ops), por: false);
        var (_, reduced) = Exhaust(_ => Disjoint(threads, ops), por: true);
        Assert.True(plain.Iterations > 1);
        Assert.Equal(1, reduced.Iterations);
    }

    // Every step adds to one shared counter, so every interleaving is its own ordering: nothing to reduce.
    [Theory]
    [InlineData(2, 2, 6)]
    [InlineData(3, 2, 90)]
    public void ConflictingStepsKeepEveryInterleaving(int threads, int ops, long expected)
    {
        var words = new List<string>();
        var r = Explorer.Explore(Programs.Atomics(threads, ops, words), Options(por: true));
        Assert.True(r.Exhausted);
        Assert.Equal(expected, r.Iterations);
        Assert.Equal(Interleavings.All(threads, ops, -1).Order(StringComparer.Ordinal), words.Order(StringComparer.Ordinal));
    }

    public static TheoryData<string> SmallPrograms => new(Small.Keys);

    [Theory]
    [MemberData(nameof(SmallPrograms))]
    public void ReachesTheSameFinalStatesAsPlainDfs(string name)
    {
        var (plain, plainRun) = Exhaust(Small[name], por: false);
        var (reduced, reducedRun) = Exhaust(Small[name], por: true);
        Assert.Equal(plain.Order(StringComparer.Ordinal), reduced.Order(StringComparer.Ordinal));
        Assert.True(reducedRun.Iterations <= plainRun.Iterations, $"por ran {reducedRun.Iterations}, plain {plainRun.Iterations}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void UnderAPreemptionBoundReachesTheSameFinalStates(int bound)
    {
        foreach (var (name, make) in Small)
        {
            var (plain, _) = Exhaust(make, por: false, bound);
            var (reduced, _) = Exhaust(make, por: true, bound);
            Assert.True(plain.SetEquals(reduced), $"{name}, bound {bound}: plain {string.Join(" ", plain.Order())} vs por {string.Join(" ", reduced.Order())}");
        }
    }

    // Random programs of loads, stores, adds, locked plain updates and weak variables over few objects.
    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    [InlineData(2)]
    public void RandomProgramsReachTheSameFinalStates(int bound)
    {
        long plainRuns = 0, reducedRuns = 0;
        for (int seed = 1; seed <= 60; seed++)
        {
            var (plain, p) = Exhaust(st => RandomProgram(seed, st), por: false, bound);
            var (reduced, r) = Exhaust(st => RandomProgram(seed, st), por: true, bound);
            Assert.True(plain.SetEquals(reduced), $"seed {seed}, bound {bound}: plain {string.Join(" | ", plain.Order())} vs por {string.Join(" | ", reduced.Order())}");
            plainRuns += p.Iterations;
            reducedRuns += r.Iterations;
        }
        Assert.True(reducedRuns < plainRuns, $"por ran {reducedRuns}, plain dfs {plainRuns}");
    }

    private static TestProgram RandomProgram(int seed, HashSet<string> states) => new($"random-{seed}", p =>
    {
        var rng = new Random(seed);
        var atomics = new[] { new AtomicLong("a0"), new AtomicLong("a1"), new AtomicLong("a2") };
        var weak = new WeakLong("w");
        var locks = new[] { new Mutex("m0"), new Mutex("m1") };
        var plain = new long[2];
        int threads = 2 + rng.Next(2);
        var reads = new long[threads * 4];
        for (int t = 0; t < threads; t++)
        {
            int id = t;
            var ops = Enumerable.Range(0, 2 + rng.Next(3 - (threads - 2))).Select(_ => (Kind: rng.Next(6), Obj: rng.Next(3))).ToArray();
            p.Thread($"T{t}", () =>
            {
                for (int i = 0; i < ops.Length; i++)
                {
                    var (kind, obj) = ops[i];
                    int slot = id * 4 + i;
                    switch (kind)
                    {
                        case 0: reads[slot] = atomics[obj].Load(); break;
                        case 1: atomics[obj].Store(id * 10 + i); break;
                        case 2: reads[slot] = atomics[obj].Add(id + 1); break;
                        case 3:
                            var m = locks[obj % 2];
                            m.Lock();
                            reads[slot] = plain[obj % 2];
                            plain[obj % 2] = plain[obj % 2] * 2 + id + 1;
                            m.Unlock();
                            break;
                        case 4: reads[slot] = weak.Value; break;
                        default: weak.Value = id * 10 + i; break;
                    }
                }
            });
        }
        p.AtEnd(() => states.Add($"{string.Join(",", reads)} / {string.Join(",", atomics.Select(a => a.Load()))} / {plain[0]},{plain[1]} / {weak.Value}"));
    });

    [Fact]
    public void ReducesIndependentWork()
    {
        var (_, plain) = Exhaust(s => LockedCounters(2, s), por: false);
        var (_, reduced) = Exhaust(s => LockedCounters(2, s), por: true);
        Assert.True(reduced.Iterations * 5 <= plain.Iterations, $"por ran {reduced.Iterations} of plain dfs's {plain.Iterations}");
    }

    [Fact]
    public void FindsWhatPlainDfsFinds()
    {
        foreach (var program in new[] { Programs.LostUpdate(), Programs.AbBa(barrier: false), Programs.AbBa(serialized: true) })
        {
            var plain = Explorer.Explore(program, Options(por: false));
            var reduced = Explorer.Explore(program, Options(por: true));
            Assert.True(plain.BugFound, program.Name);
            Assert.True(reduced.BugFound, $"por missed {plain.Found!.Bug} in {program.Name}");
            Assert.Equal(plain.Found!.Bug.Kind, reduced.Found!.Bug.Kind);
            Assert.True(reduced.Found.Reproduced);
        }
    }

    [Fact]
    public void ADeadlockOnlyOneOrderReachesIsFound()
    {
        var r = Explorer.Explore(Programs.AbBa(), Options(por: true) with { LockOrder = false });
        Assert.True(r.BugFound);
        Assert.Equal(BugKind.Deadlock, r.Found!.Bug.Kind);
    }

    [Fact]
    public void CheckpointsCutTheReducedSearchWithoutLosingASchedule()
    {
        var whole = new HashSet<string>();
        var all = Explorer.Explore(Small["locks-and-weak"](whole), Options(por: true));
        var pieces = new HashSet<string>();
        var program = Small["locks-and-weak"](pieces);
        DfsCheckpoint? checkpoint = null;
        long total = 0;
        ExplorationResult r;
        do
        {
            var resume = checkpoint is null ? null : DfsCheckpoint.Parse(checkpoint.ToText(), "test");
            r = Explorer.Explore(program, Options(por: true, iterations: 3) with { ResumeFrom = resume });
            total += r.Iterations;
            checkpoint = r.Checkpoint;
        } while (!r.Exhausted);
        Assert.Equal(all.Iterations, total);
        Assert.True(whole.SetEquals(pieces));
    }

    [Fact]
    public void WeakMemoryIsRefused()
    {
        var e = Assert.Throws<TortureInputException>(() => (Options(por: true) with { WeakMemory = true }).CreateStrategy());
        Assert.Contains("weak memory", e.Message);
    }

    [Fact]
    public void TheNameSaysSo()
    {
        Assert.Equal("dfs(por)", Options(por: true).CreateStrategy().Name);
        Assert.Equal("dfs(preemptions<=2,por)", Options(por: true, bound: 2).CreateStrategy().Name);
    }

    private static TestProgram Disjoint(int threads, int ops) => new($"disjoint-{threads}x{ops}", p =>
    {
        for (int t = 0; t < threads; t++)
        {
            var own = new AtomicLong($"x{t}");
            p.Thread($"T{t}", () => { for (int i = 0; i < ops; i++) own.Add(1); });
        }
    });

    /// <summary>Each thread bumps its own counter under its own lock, then adds once to a shared one.</summary>
    private static TestProgram LockedCounters(int threads, HashSet<string> states) => new($"locked-counters-{threads}", p =>
    {
        var shared = new AtomicLong("shared");
        var seen = new long[threads];
        for (int t = 0; t < threads; t++)
        {
            int id = t;
            var m = new Mutex($"own{t}");
            var own = new AtomicLong($"own{t}");
            p.Thread($"T{t}", () =>
            {
                m.Lock();
                own.Add(1);
                own.Add(1);
                own.Add(1);
                m.Unlock();
                seen[id] = shared.Add(1);
            });
        }
        p.AtEnd(() => states.Add(string.Join(",", seen)));
    });

    /// <summary>Small programs over every kind of step the reduction reasons about, each reporting its final state.</summary>
    private static readonly Dictionary<string, Func<HashSet<string>, TestProgram>> Small = new()
    {
        ["lost-update-reads"] = s => new("lost-update-reads", p =>
        {
            var x = new AtomicLong("x");
            var y = new AtomicLong("y");
            long a = 0, b = 0;
            p.Thread("T0", () => { a = x.Load(); x.Store(a + 1); y.Add(1); });
            p.Thread("T1", () => { b = x.Load(); x.Store(b + 1); });
            p.Thread("T2", () => { y.Add(2); });
            p.AtEnd(() => s.Add($"{a} {b} {x.Load()} {y.Load()}"));
        }),
        ["locks-and-weak"] = s => new("locks-and-weak", p =>
        {
            var m = new Mutex("m");
            var w = new WeakLong("w");
            long plain = 0;
            var order = new System.Text.StringBuilder();
            for (int t = 0; t < 3; t++)
            {
                char id = (char)('a' + t);
                p.Thread($"T{t}", () =>
                {
                    m.Lock();
                    plain = plain * 3 + (id - 'a');
                    order.Append(id);
                    m.Unlock();
                    if (id == 'b') w.Value = 7;
                    else order.Append(w.Value);
                });
            }
            p.AtEnd(() => s.Add($"{plain} {order}"));
        }),
        ["rwsem"] = s => new("rwsem", p =>
        {
            var sem = new RwSemaphore("mmap_lock");
            long data = 0;
            long r1 = -1, r2 = -1;
            p.Thread("reader1", () => { sem.DownRead(); r1 = data; sem.UpRead(); });
            p.Thread("reader2", () => { sem.DownRead(); r2 = data; sem.UpRead(); });
            p.Thread("writer", () => { sem.DownWrite(); data = 5; sem.UpWrite(); });
            p.AtEnd(() => s.Add($"{r1} {r2}"));
        }),
        ["semaphore-handoff"] = s => new("semaphore-handoff", p =>
        {
            var ready = new Semaphore("ready", 0);
            var flag = new AtomicLong("flag");
            var other = new AtomicLong("other");
            long seen = -1, o = -1;
            p.Thread("producer", () => { flag.Store(1); ready.Up(); other.Store(2); });
            p.Thread("consumer", () => { ready.Down(); seen = flag.Load(); o = other.Load(); });
            p.AtEnd(() => s.Add($"{seen} {o}"));
        }),
        ["spawn-join"] = s => new("spawn-join", p =>
        {
            var x = new AtomicLong("x");
            long before = -1, after = -1;
            p.Thread("parent", () =>
            {
                var child = Sched.Spawn("child", () => x.Add(10));
                before = x.Load();
                child.Join();
                after = x.Load();
            });
            p.Thread("other", () => x.Add(1));
            p.AtEnd(() => s.Add($"{before} {after}"));
        }),
        ["wait-queue"] = s => new("wait-queue", p =>
        {
            var wq = new WaitQueue("wq");
            bool done = false;
            var x = new AtomicLong("x");
            long seen = -1;
            p.Thread("waiter", () => { wq.WaitEvent(() => done); seen = x.Load(); });
            p.Thread("waker", () => { x.Store(3); done = true; wq.WakeUp(); x.Store(4); });
            p.AtEnd(() => s.Add($"{seen}"));
        }),
        ["data-choice"] = s => new("data-choice", p =>
        {
            var x = new AtomicLong("x");
            var y = new AtomicLong("y");
            long got = -1;
            p.Thread("T0", () => { if (Sched.ChooseBool()) x.Add(1); else y.Add(1); });
            p.Thread("T1", () => { got = x.Load(); y.Add(2); });
            p.AtEnd(() => s.Add($"{got} {y.Load()}"));
        }),
        ["lockless-atomic"] = s => new("lockless-atomic", p =>
        {
            var gate = new AtomicLong("gate");
            var counts = new int[1];
            int seen0 = -1, seen1 = -1;
            p.Thread("T0", () => { gate.Add(1); seen0 = Atomic.IncReturn(ref counts[0]); });
            p.Thread("T1", () => { gate.Add(2); seen1 = Atomic.IncReturn(ref counts[0]) * 10 + Atomic.ReadOnce(ref counts[0]); });
            p.AtEnd(() => s.Add($"{seen0} {seen1}"));
        }),
        ["step-checked"] = s => new("step-checked", p =>
        {
            var m0 = new Mutex("m0");
            var m1 = new Mutex("m1");
            long a = 0, b = 0;
            p.Thread("T0", () => { m0.Lock(); a = 1; m0.Unlock(); m0.Lock(); a = 0; m0.Unlock(); });
            p.Thread("T1", () => { m1.Lock(); b = 1; m1.Unlock(); m1.Lock(); b = 0; m1.Unlock(); });
            // Reads both locks' data between every two steps: only an order of the two threads shows a and b both 1.
            p.AtEachStep(() => { if (a == 1 && b == 1) s.Add("both"); });
            p.AtEnd(() => s.Add("end"));
        }),
    };
}
