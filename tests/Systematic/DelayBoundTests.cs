using Torture.Systematic;
using Xunit;

namespace Torture.Tests.Systematic;

/// <summary>Delay-bounded dfs runs exactly the round-robin schedules with at most so many delays, each once.</summary>
public class DelayBoundTests
{
    /// <summary>
    /// The oracle, independent of the scheduler: interleavings of threads doing ops each where, at every
    /// step, the k-th thread with work left in round-robin order costs k delays (the order starts at
    /// the thread that ran last, or after it once it is done).
    /// </summary>
    private static List<string> RoundRobinWords(int threads, int ops, int bound)
    {
        var result = new List<string>();
        var left = Enumerable.Repeat(ops, threads).ToArray();
        var word = new char[threads * ops];
        Extend(0, -1, 0);
        return result;

        void Extend(int length, int last, int delays)
        {
            if (length == word.Length) { result.Add(new string(word)); return; }
            int start = last >= 0 && left[last] > 0 ? last : last + 1;
            int k = 0;
            for (int i = 0; i < threads; i++)
            {
                int t = (start + i) % threads;
                if (left[t] == 0) continue;
                int cost = k++;
                if (delays + cost > bound) break;
                left[t]--;
                word[length] = (char)('0' + t);
                Extend(length + 1, t, delays + cost);
                left[t]++;
            }
        }
    }

    private static ExplorationResult Dfs(TestProgram program, int delayBound) =>
        Explorer.Explore(program, new ExplorationOptions { Strategy = "dfs", DelayBound = delayBound, Iterations = 100_000 });

    [Theory]
    [InlineData(2, 2, 0)]
    [InlineData(2, 3, 1)]
    [InlineData(3, 2, 1)]
    [InlineData(3, 2, 2)]
    [InlineData(3, 3, 2)]
    public void RunsExactlyTheRoundRobinSchedulesWithinTheBound(int threads, int ops, int bound)
    {
        var words = new List<string>();
        var r = Dfs(Programs.Atomics(threads, ops, words), bound);
        Assert.True(r.Exhausted);
        Assert.Equal(words.Count, words.Distinct().Count());
        Assert.Equal(RoundRobinWords(threads, ops, bound).Order(StringComparer.Ordinal), words.Order(StringComparer.Ordinal));
        Assert.Equal($"dfs(delays<={bound})", r.Strategy);
    }

    [Fact]
    public void BoundZeroIsOneScheduleAndALargeBoundIsEverySchedule()
    {
        Assert.Equal(1, Dfs(Programs.Atomics(3, 2), 0).Iterations);
        Assert.Equal(90, Dfs(Programs.Atomics(3, 2), 100).Iterations);   // 6!/(2!2!2!), as plain dfs
    }

    [Fact]
    public void ALostUpdateTakesOneDelay()
    {
        var none = Dfs(Programs.LostUpdate(), 0);
        Assert.True(none.Exhausted);
        Assert.Null(none.Found);
        var one = Dfs(Programs.LostUpdate(), 1);
        Assert.NotNull(one.Found);
        Assert.True(one.Found!.Reproduced);
    }
}
