using System.Diagnostics;
using System.Threading;   // Volatile: the explorers write, the views read

namespace Torture.Reports;

/// <summary>
/// How far each exploration of a campaign has got: written by the explorers' iteration callbacks
/// (one volatile store an iteration), read by the progress views. Nothing here is part of a run's
/// behaviour: it never touches controlled code.
/// </summary>
public sealed class CampaignProgress
{
    public sealed class Item(string name, long budget, TimeSpan? timeBudget)
    {
        private long done;
        private int state;   // 0 waiting, 1 running, 2 finished
        private long startedTicks, finishedTicks;

        public string Name { get; } = name;
        public long Budget { get; } = budget;
        public TimeSpan? TimeBudget { get; } = timeBudget;
        public long Done => Volatile.Read(ref done);
        public bool Running => Volatile.Read(ref state) == 1;
        public bool Finished => Volatile.Read(ref state) == 2;

        internal void Start(long ticks) { startedTicks = ticks; Volatile.Write(ref state, 1); }
        internal void Iterated(long iterations) => Volatile.Write(ref done, iterations);
        internal void Finish(long ticks) { finishedTicks = ticks; Volatile.Write(ref state, 2); }

        public TimeSpan Elapsed(long now) => TimeSpan.FromSeconds(((Finished ? finishedTicks : now) - startedTicks) / (double)Stopwatch.Frequency);

        public double Rate(long now) => Elapsed(now).TotalSeconds is var s && s > 0 ? Done / s : 0;

        /// <summary>Time left at the current rate, capped by the time budget; null while nothing is known.</summary>
        public TimeSpan? Eta(long now)
        {
            double rate = Rate(now);
            if (rate <= 0) return null;
            double seconds = (Budget - Done) / rate;
            // A budget of "as many as time allows" (iterations up to long.MaxValue) has no ETA but its time budget's.
            var left = seconds < TimeSpan.MaxValue.TotalSeconds / 2 ? TimeSpan.FromSeconds(seconds) : TimeSpan.MaxValue;
            if (TimeBudget is { } tb && tb - Elapsed(now) < left) left = tb - Elapsed(now);
            if (left == TimeSpan.MaxValue) return null;
            return left < TimeSpan.Zero ? TimeSpan.Zero : left;
        }
    }

    private readonly Stopwatch clock = Stopwatch.StartNew();

    public CampaignProgress(IEnumerable<(string Name, long Budget, TimeSpan? TimeBudget)> items) =>
        Items = items.Select(i => new Item(i.Name, i.Budget, i.TimeBudget)).ToList();

    public IReadOnlyList<Item> Items { get; }

    public long Now => clock.ElapsedTicks;
    public TimeSpan Elapsed => clock.Elapsed;

    public void Start(int item) => Items[item].Start(Now);

    /// <summary>After iteration <paramref name="index"/> (0-based) of <paramref name="item"/>.</summary>
    public void Iterated(int item, long index) => Items[item].Iterated(index + 1);

    public void Finish(int item) => Items[item].Finish(Now);
}
