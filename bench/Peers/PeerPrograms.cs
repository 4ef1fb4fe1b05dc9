using Torture.Systematic;

namespace Torture.Bench.Peers;

/// <summary>
/// Our own C# versions, written from their descriptions, of SCTBench programs (Thomson, Donaldson and
/// Betts, TOPC 2016; the CB and CS sets) and of CHESS's bounded queue with a missed wake-up, each with
/// a fixed twin that must stay clean. Main's creation order is the declaration order; main's joins
/// and final checks are <c>AtEnd</c>. Plain fields stand for data touched only under a lock; a racy
/// access is an atomic's load or store, so it is a scheduling point.
/// </summary>
internal static class PeerPrograms
{
    public sealed record Peer(string Name, string Bug, Func<bool, TestProgram> Build);

    public static readonly IReadOnlyList<Peer> All = new Peer[]
    {
        new("account", "the checker's formula is wrong; it fails when the checker runs after deposit and withdraw", Account),
        new("circular_buffer", "the receiver compares with its own loop counter, which drifts after an empty pass", CircularBuffer),
        new("lazy01", "data reaches 3 when the checker runs last", Lazy01),
        new("queue", "the dequeuer compares with stored[its own counter], which drifts after an empty pass", Queue),
        new("token_ring", "the ring is consistent only if t1 runs first", TokenRing),
        new("din_phil2", "both philosophers ate (the sat version's assertion)", DinPhil2),
        new("sync01", "the consumer never decrements: the producer waits forever", Sync01),
        new("sync02", "two consumptions for three needed: the producer waits forever", Sync02),
        new("phase01", "a thread exits holding x", Phase01),
        new("deadlock01", "a and b taken in opposite orders", Deadlock01),
        new("stack", "the pop flag stays set: the popper underflows", Stack),
        new("arithmetic_prog", "the final assertion is inverted", ArithmeticProg),
        new("bounded_queue", "CHESS: an if-wait and a single pulse wake the wrong thread (missed wake-up)", BoundedQueue),
    };

    private static TestProgram Named(string name, bool fixedTwin, Action<ProgramBuilder> build) => new($"{name}{(fixedTwin ? "-fixed" : "")}", build);

    private static TestProgram Account(bool ok) => Named("account", ok, p =>
    {
        var m = new Mutex("m");
        int x = 1, y = 2, z = 4, balance = x;
        bool deposited = false, withdrawn = false;
        p.Thread("check_result", () =>
        {
            m.Lock();
            if (deposited && withdrawn) Sched.Assert(balance == (ok ? x + y - z : x - y - z), $"balance {balance}", "account");
            m.Unlock();
        });
        p.Thread("deposit", () => { m.Lock(); balance += y; deposited = true; m.Unlock(); });
        p.Thread("withdraw", () => { m.Lock(); balance -= z; withdrawn = true; m.Unlock(); });
    });

    private static TestProgram CircularBuffer(bool ok) => Named("circular_buffer", ok, p =>
    {
        const int size = 10, n = 7;
        var m = new Mutex("m");
        var buffer = new int[size];
        int first = 0, next = 0, value = 0;
        bool send = true, receive = false;
        p.Thread("t1", () =>
        {
            for (int i = 0; i < n; i++)
            {
                m.Lock();
                if (send)
                {
                    buffer[next] = i;
                    next = (next + 1) % size;
                    value = i;
                    send = false;
                    receive = true;
                }
                m.Unlock();
            }
        });
        p.Thread("t2", () =>
        {
            for (int i = 0; i < n; i++)
            {
                m.Lock();
                if (receive)
                {
                    int got = next > 0 && first < size ? buffer[first++] : -1;
                    Sched.Assert(got == (ok ? value : i), $"removed {got} at pass {i}", "circular_buffer");
                    receive = false;
                    send = true;
                }
                m.Unlock();
            }
        });
    });

    private static TestProgram Lazy01(bool ok) => Named("lazy01", ok, p =>
    {
        var m = new Mutex("m");
        int data = 0;
        p.Thread("thread1", () => { m.Lock(); data += 1; m.Unlock(); });
        p.Thread("thread2", () => { m.Lock(); data += 2; m.Unlock(); });
        // The fixed twin checks what does hold (the original drops the assertion).
        p.Thread("thread3", () => { m.Lock(); Sched.Assert(ok ? data <= 3 : data < 3, $"data {data}", "lazy01"); m.Unlock(); });
    });

    private static TestProgram Queue(bool ok) => Named("queue", ok, p =>
    {
        int size = ok ? 40 : 20;
        var m = new Mutex("m");
        var q = new int[size];
        var stored = new int[size];
        int head = 0, tail = 0;
        bool enqueue = true, dequeue = false;
        void Enqueue(int v) { q[tail] = v; tail = tail + 1 == size ? 1 : tail + 1; }
        int Dequeue() { int v = q[head]; head = head + 1 == size ? 1 : head + 1; return v; }
        p.Thread("t1", () =>
        {
            if (ok)
            {
                m.Lock();
                if (enqueue)
                {
                    for (int i = 0; i < size - 1; i++) { Enqueue(i + 1); stored[i] = i + 1; }
                    enqueue = false;
                    dequeue = true;
                }
                m.Unlock();
                return;
            }
            m.Lock();
            int value = 0;
            Enqueue(value);
            stored[0] = value;
            m.Unlock();
            for (int i = 0; i < size - 1; i++)
            {
                m.Lock();
                if (enqueue)
                {
                    value++;
                    Enqueue(value);
                    stored[i + 1] = value;
                    enqueue = false;
                    dequeue = true;
                }
                m.Unlock();
            }
        });
        p.Thread("t2", () =>
        {
            if (ok)
            {
                m.Lock();
                if (dequeue)
                {
                    for (int i = 0; i < size - 1 && head != tail; i++) Sched.Assert(Dequeue() == stored[i], "dequeued out of order", "queue");
                    dequeue = false;
                    enqueue = true;
                }
                m.Unlock();
                return;
            }
            for (int i = 0; i < size; i++)
            {
                m.Lock();
                if (dequeue)
                {
                    int got = Dequeue();
                    Sched.Assert(got == stored[i], $"dequeued {got}, stored[{i}] is {stored[i]}", "queue");
                    dequeue = false;
                    enqueue = true;
                }
                m.Unlock();
            }
        });
    });

    private static TestProgram TokenRing(bool ok) => Named("token_ring", ok, p =>
    {
        var m = new Mutex("m");
        var turn = new WaitQueue("turn");
        int x1 = 1, x2 = 2, x3 = 1;
        bool f1 = false, f2 = false, f3 = false;
        // The fixed twin passes the token in ring order: each waits for its predecessor's flag.
        void Step(Func<bool> ready, Action body)
        {
            if (ok) turn.WaitEvent(ready);
            m.Lock();
            body();
            m.Unlock();
            if (ok) turn.WakeUpAll();
        }
        p.Thread("t1", () => Step(() => true, () => { x1 = (x3 + 1) % 4; f1 = true; }));
        p.Thread("t2", () => Step(() => f1, () => { x2 = x1; f2 = true; }));
        p.Thread("t3", () => Step(() => f2, () => { x3 = x2; f3 = true; }));
        p.Thread("t4", () =>
        {
            m.Lock();
            if (f1 && f2 && f3) Sched.Assert(x1 == x2 && x2 == x3, $"x1={x1} x2={x2} x3={x3}", "token_ring");
            m.Unlock();
        });
    });

    private static TestProgram DinPhil2(bool ok) => Named("din_phil2", ok, p =>
    {
        var table = new Mutex("table");
        var forks = new[] { new Mutex("fork0"), new Mutex("fork1") };
        var ate = new AtomicInt("phil");
        for (int id = 0; id < 2; id++)
        {
            int left = id, right = (id + 1) % 2;
            p.Thread($"phil{id}", () =>
            {
                table.Lock();
                forks[right].Lock();
                forks[left].Lock();
                forks[left].Unlock();
                forks[right].Unlock();
                table.Unlock();
                if (ok) return;
                int v = ate.Load() + 1;   // ++phil without a lock
                ate.Store(v);
                Sched.Assert(v != 2, "both philosophers ate", "din_phil2");
            });
        }
    });

    /// <summary>The producer/consumer pair of sync01, sync02 and arithmetic_prog: a count under a mutex, with "empty" and "full" conditions.</summary>
    private sealed class Slots(int num)
    {
        private readonly Mutex m = new("m");
        private readonly CondVar empty = new("empty");
        private readonly CondVar full = new("full");
        private int num = num;

        public void Produce()
        {
            m.Lock();
            while (num > 0) empty.Wait(m);
            num++;
            m.Unlock();
            full.Signal();
        }

        /// <param name="decrement">False is sync01's bug: the consumption is never counted.</param>
        /// <param name="inside">Runs under the mutex once there is something to consume.</param>
        public void Consume(bool decrement = true, Action? inside = null)
        {
            m.Lock();
            while (num == 0) full.Wait(m);
            inside?.Invoke();
            if (decrement) num--;
            m.Unlock();
            empty.Signal();
        }
    }

    private static TestProgram Sync01(bool ok) => Named("sync01", ok, p =>
    {
        var slots = new Slots(ok ? 0 : 1);
        p.Thread("thread1", slots.Produce);
        p.Thread("thread2", () => slots.Consume(decrement: ok));
    });

    private static TestProgram Sync02(bool ok) => Named("sync02", ok, p =>
    {
        var slots = new Slots(ok ? 0 : 2);
        int n = ok ? 20 : 2;
        p.Thread("producer", () => { for (int i = 0; i < n; i++) slots.Produce(); });
        p.Thread("consumer", () => { for (int i = 0; i < n; i++) slots.Consume(); });
    });

    private static TestProgram Phase01(bool ok) => Named("phase01", ok, p =>
    {
        var x = new Mutex("x");
        var y = new Mutex("y");
        for (int t = 0; t < 2; t++)
        {
            p.Thread($"t{t}", () =>
            {
                x.Lock(); x.Unlock();
                x.Lock();
                if (ok) x.Unlock();
                y.Lock(); y.Unlock();
                y.Lock(); y.Unlock();
            });
        }
    });

    private static TestProgram Deadlock01(bool ok) => Named("deadlock01", ok, p =>
    {
        var a = new Mutex("a");
        var b = new Mutex("b");
        int counter = 1;
        p.Thread("thread1", () => { a.Lock(); b.Lock(); counter++; b.Unlock(); a.Unlock(); });
        p.Thread("thread2", () =>
        {
            var (first, second) = ok ? (a, b) : (b, a);
            first.Lock(); second.Lock(); counter--; second.Unlock(); first.Unlock();
        });
    });

    private static TestProgram Stack(bool ok) => Named("stack", ok, p =>
    {
        const int size = 10;
        var m = new Mutex("m");
        var stack = new int[size];
        int top = 0;
        bool flag = false;
        p.Thread("t1", () =>
        {
            for (int i = 0; i < size; i++)
            {
                m.Lock();
                Sched.Assert(top < size, "push overflows", "stack");
                stack[top++] = i;
                if (!ok) flag = true;
                m.Unlock();
            }
        });
        p.Thread("t2", () =>
        {
            for (int i = 0; i < size; i++)
            {
                m.Lock();
                if (ok ? top > 0 : flag)
                {
                    Sched.Assert(top > 0, "pop underflows", "stack");
                    top--;
                }
                m.Unlock();
            }
        });
    });

    private static TestProgram ArithmeticProg(bool ok) => Named("arithmetic_prog", ok, p =>
    {
        int n = ok ? 4 : 3;
        var slots = new Slots(0);
        int total = 0;
        bool flag = false;
        p.Thread("thread1", () => { for (int i = 0; i < n; i++) slots.Produce(); });
        p.Thread("thread2", () =>
        {
            int j = 0;
            for (; j < n; j++)
            {
                int add = j;
                slots.Consume(inside: () => total += add);
            }
            total += j;
            flag = true;
        });
        p.AtEnd(() =>
        {
            if (flag) Sched.Assert(ok ? total == n * (n + 1) / 2 : total != n * (n + 1) / 2, $"total {total}", "arithmetic_prog");
        });
    });

    private static TestProgram BoundedQueue(bool ok) => Named("bounded_queue", ok, p =>
    {
        const int capacity = 2;
        var monitor = new Mutex("queue");
        var waiters = new CondVar("queue wait set");
        var items = new System.Collections.Generic.Queue<int>();
        void Enqueue(int v)
        {
            monitor.Lock();
            if (ok) { while (items.Count == capacity) waiters.Wait(monitor); }
            else if (items.Count == capacity) waiters.Wait(monitor);
            items.Enqueue(v);
            if (ok) waiters.Broadcast();
            else if (items.Count == 1) waiters.Signal();
            monitor.Unlock();
        }
        int Dequeue()
        {
            monitor.Lock();
            if (ok) { while (items.Count == 0) waiters.Wait(monitor); }
            else if (items.Count == 0) waiters.Wait(monitor);
            Sched.Assert(items.Count > 0, "dequeue from an empty queue", "bounded_queue");
            int v = items.Dequeue();
            if (ok) waiters.Broadcast();
            else if (items.Count == capacity - 1) waiters.Signal();
            monitor.Unlock();
            return v;
        }
        p.Thread("producer1", () => { for (int i = 0; i < 3; i++) Enqueue(i); });
        p.Thread("producer2", () => { for (int i = 0; i < 3; i++) Enqueue(i); });
        p.Thread("consumer", () => { for (int i = 0; i < 4; i++) Dequeue(); });
    });
}
