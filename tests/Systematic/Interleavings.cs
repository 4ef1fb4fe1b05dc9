namespace Torture.Tests.Systematic;

/// <summary>
/// An oracle independent of the scheduler: every interleaving of <c>threads</c> threads doing
/// <c>ops</c> operations each, as words over thread ids, with at most <c>bound</c> preemptions
/// (a switch away from a thread that still has operations left; negative: no bound).
/// </summary>
internal static class Interleavings
{
    public static List<string> All(int threads, int ops, int bound)
    {
        var result = new List<string>();
        var left = Enumerable.Repeat(ops, threads).ToArray();
        var word = new char[threads * ops];
        Extend(0, -1, 0);
        return result;

        void Extend(int length, int current, int preemptions)
        {
            if (length == word.Length) { result.Add(new string(word)); return; }
            for (int t = 0; t < threads; t++)
            {
                if (left[t] == 0) continue;
                int p = preemptions + (current >= 0 && t != current && left[current] > 0 ? 1 : 0);
                if (bound >= 0 && p > bound) continue;
                left[t]--;
                word[length] = (char)('0' + t);
                Extend(length + 1, t, p);
                left[t]++;
            }
        }
    }
}
