namespace Torture.Systematic;

/// <summary>
/// The kernel's atomic_t ops, bitops and READ_ONCE()/WRITE_ONCE(), for model state that no scheduling
/// point guards (a page's refcount, a GRU range count, a list replaced whole). Under a scheduler they
/// are part of the step they run in, as a plain access would be: no scheduling point, nothing the
/// schedule does not decide. On real threads they are the hardware's atomic instructions and
/// ordering. The one door from model code to .NET's Interlocked and Volatile.
/// </summary>
public static class Atomic
{
    /// <summary>READ_ONCE().</summary>
    public static int ReadOnce(ref int v) { Unseen(); return Volatile.Read(ref v); }

    /// <summary>READ_ONCE() of a 64-bit value (atomic_long_read()).</summary>
    public static long ReadOnce(ref long v) { Unseen(); return Volatile.Read(ref v); }

    /// <summary>READ_ONCE() / rcu_dereference() of a pointer.</summary>
    public static T ReadOnce<T>(ref T v) where T : class? { Unseen(); return Volatile.Read(ref v); }

    /// <summary>WRITE_ONCE() (atomic_set()).</summary>
    public static void WriteOnce(ref int v, int value) { Unseen(); Volatile.Write(ref v, value); }

    /// <summary>WRITE_ONCE() of a 64-bit value.</summary>
    public static void WriteOnce(ref long v, long value) { Unseen(); Volatile.Write(ref v, value); }

    /// <summary>WRITE_ONCE() / rcu_assign_pointer() of a pointer.</summary>
    public static void WriteOnce<T>(ref T v, T value) where T : class? { Unseen(); Volatile.Write(ref v, value); }

    /// <summary>atomic_inc_return().</summary>
    public static int IncReturn(ref int v) { Unseen(); return Interlocked.Increment(ref v); }

    /// <summary>atomic_long_inc_return().</summary>
    public static long IncReturn(ref long v) { Unseen(); return Interlocked.Increment(ref v); }

    /// <summary>atomic_dec_return().</summary>
    public static int DecReturn(ref int v) { Unseen(); return Interlocked.Decrement(ref v); }

    /// <summary>atomic_add_return().</summary>
    public static int AddReturn(ref int v, int delta) { Unseen(); return Interlocked.Add(ref v, delta); }

    /// <summary>atomic_add_unless(v, delta, 0): add unless the count already reached 0; true when added.</summary>
    public static bool AddUnlessZero(ref int v, int delta)
    {
        Unseen();
        for (int seen = Volatile.Read(ref v); seen != 0; seen = Volatile.Read(ref v))
        {
            if (Interlocked.CompareExchange(ref v, seen + delta, seen) == seen) return true;
        }
        return false;
    }

    /// <summary>atomic_try_cmpxchg(): set <paramref name="new"/> if the value is <paramref name="old"/>; true when set.</summary>
    public static bool TryCmpxchg(ref int v, int old, int @new) { Unseen(); return Interlocked.CompareExchange(ref v, @new, old) == old; }

    /// <summary>atomic_fetch_or() (set_bit(), test_and_set_bit()): the value before.</summary>
    public static int FetchOr(ref int v, int mask) { Unseen(); return Interlocked.Or(ref v, mask); }

    /// <summary>atomic_fetch_and() (clear_bit()): the value before.</summary>
    public static int FetchAnd(ref int v, int mask) { Unseen(); return Interlocked.And(ref v, mask); }

    // A ref names no object a step's footprint could hold: under partial-order reduction the step conflicts with every other.
    private static void Unseen()
    {
        if (ControlledRuntime.AnyFootprints) ControlledRuntime.TouchUnknown();
    }
}
