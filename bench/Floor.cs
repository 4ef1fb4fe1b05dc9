using System.Diagnostics;
using System.Threading;

namespace Torture.Bench;

/// <summary>The hand-off floor: two OS threads passing a baton through a SemaphoreSlim each.</summary>
internal static class Floor
{
    public static double PingPong(int roundTrips)
    {
        var ping = new SemaphoreSlim(0);
        var pong = new SemaphoreSlim(0);
        var other = new Thread(() =>
        {
            for (int i = 0; i < roundTrips; i++)
            {
                ping.Wait();
                pong.Release();
            }
        });
        other.Start();
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < roundTrips; i++)
        {
            ping.Release();
            pong.Wait();
        }
        long ticks = Stopwatch.GetTimestamp() - start;
        other.Join();
        return ticks * (1e9 / Stopwatch.Frequency) / (2.0 * roundTrips);
    }
}
