using Torture.Systematic;
using Xunit;

namespace Torture.Tests.Systematic;

/// <summary>Partial order sampling: racing operations are reordered, independent ones are not (the rest: <see cref="SamplingStrategyTests"/>).</summary>
public class PosTests
{
    [Fact]
    public void RacingMeansTheSameObjectAndNotTwoReads()
    {
        var a = new object();
        var b = new object();
        Assert.True(PosStrategy.Races(OpKind.Load, a, OpKind.Store, a));
        Assert.True(PosStrategy.Races(OpKind.Lock, a, OpKind.Unlock, a));
        Assert.True(PosStrategy.Races(OpKind.DownRead, a, OpKind.DownWrite, a));
        Assert.False(PosStrategy.Races(OpKind.Load, a, OpKind.Load, a));
        Assert.False(PosStrategy.Races(OpKind.DownRead, a, OpKind.DownReadWait, a));
        Assert.False(PosStrategy.Races(OpKind.Store, a, OpKind.Store, b));
        Assert.True(PosStrategy.Races(OpKind.Yield, null, OpKind.Yield, null));   // two lockless accesses of unknown memory
        Assert.False(PosStrategy.Races(OpKind.Yield, null, OpKind.Store, a));
    }

    [Fact]
    public void PosIsDeterministicPerSeed()
    {
        var program = Programs.Mixed();
        var first = Run.Explore(program, "pos", 200, seed: 7);
        var second = Run.Explore(program, "pos", 200, seed: 7);
        Assert.Equal(first.Iterations, second.Iterations);
        Assert.Equal(first.TotalSteps, second.TotalSteps);
        Assert.Equal(first.Found?.Schedule.ToText(), second.Found?.Schedule.ToText());
    }
}
