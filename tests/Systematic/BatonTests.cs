using System.Threading;
using Torture.Systematic;
using Xunit;

namespace Torture.Tests.Systematic;

/// <summary>The hand-off gate under the scheduler: it counts permits and never loses a wake-up, spinning or asleep.</summary>
public class BatonTests
{
    private const int Patience = 10_000;   // ms: only a lost wake-up would take this long

    [Fact]
    public void CountsPermitsAndTimesOut()
    {
        var baton = new Baton();
        baton.Release();
        baton.Release();
        Assert.True(baton.Wait(0));
        Assert.True(baton.Wait(0));
        Assert.False(baton.Wait(20));
    }

    [Fact]
    public void PingPongNeverLosesAWakeUp()
    {
        // Every 64th round one side dawdles, so the other has gone from polling to yielding to sleeping.
        const int rounds = 20_000;
        var ping = new Baton();
        var pong = new Baton();
        int lost = 0;
        var other = new Thread(() =>
        {
            for (int i = 0; i < rounds; i++)
            {
                if (!ping.Wait(Patience)) Interlocked.Increment(ref lost);
                if (i % 64 == 0) Thread.Sleep(1);
                pong.Release();
            }
        });
        other.Start();
        for (int i = 0; i < rounds; i++)
        {
            if (i % 64 == 32) Thread.Sleep(1);
            ping.Release();
            if (!pong.Wait(Patience)) Interlocked.Increment(ref lost);
        }
        other.Join();
        Assert.Equal(0, lost);
        Assert.False(ping.Wait(0));
        Assert.False(pong.Wait(0));
    }
}
