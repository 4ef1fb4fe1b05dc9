using Torture.Systematic;
using Xunit;

namespace Torture.Tests.Systematic;

/// <summary>rw_semaphore semantics: shared readers, exclusive writers, a waiting writer blocks new readers, downgrade_write.</summary>
public class RwSemaphoreTests
{
    [Fact]
    public void RecursiveReadBehindAWaitingWriterDeadlocks()
    {
        var program = new TestProgram("recursive-read", p =>
        {
            var sem = new RwSemaphore("mmap_sem");
            p.Thread("reader", () => { sem.DownRead(); sem.DownRead(); sem.UpRead(); sem.UpRead(); });
            p.Thread("writer", () => { sem.DownWrite(); sem.UpWrite(); });
        });
        var bug = Run.Find(program, "dfs", lockOrder: false).Bug;
        Assert.Equal(BugKind.Deadlock, bug.Kind);
        Assert.Contains("reader waits for mmap_sem (DownReadWait) held by writer", bug.Message);
        Assert.Contains("writer waits for mmap_sem (DownWriteWait) held by reader", bug.Message);
    }

    [Fact]
    public void RecursiveReadWithoutAWriterIsFine()
    {
        var program = new TestProgram("recursive-read-alone", p =>
        {
            var sem = new RwSemaphore("mmap_sem");
            for (int t = 0; t < 2; t++)
                p.Thread($"reader{t}", () => { sem.DownRead(); sem.DownRead(); sem.UpRead(); sem.UpRead(); });
        });
        Run.Exhaust(program, lockOrder: false);
    }

    [Fact]
    public void NewReadersWaitWhileAWriterWaits()
    {
        // The reader holds the lock, so its trylock can fail only because a writer is queued.
        var outcomes = new HashSet<bool>();
        var program = new TestProgram("trylock-behind-writer", p =>
        {
            var sem = new RwSemaphore("mmap_sem");
            p.Thread("reader", () =>
            {
                sem.DownRead();
                bool again = sem.DownReadTrylock();
                outcomes.Add(again);
                if (again) sem.UpRead();
                sem.UpRead();
            });
            p.Thread("writer", () => { sem.DownWrite(); sem.UpWrite(); });
        });
        Run.Exhaust(program, lockOrder: false);
        Assert.Equal(new HashSet<bool> { true, false }, outcomes);
    }

    [Fact]
    public void WritersExcludeReadersAndEachOther()
    {
        var program = new TestProgram("exclusion", p =>
        {
            var sem = new RwSemaphore("mmap_sem");
            int readers = 0, writers = 0;
            void Check() => Sched.Assert(writers == 0 || (writers == 1 && readers == 0), $"{writers} writers, {readers} readers", "rwsem");
            for (int t = 0; t < 2; t++)
                p.Thread($"w{t}", () => { sem.DownWrite(); writers++; Check(); Sched.Yield(); writers--; sem.UpWrite(); });
            p.Thread("r", () => { sem.DownRead(); readers++; Check(); Sched.Yield(); readers--; sem.UpRead(); });
        });
        Run.Exhaust(program);
    }

    [Fact]
    public void DowngradeLetsReadersInButNoWriter()
    {
        int overlaps = 0;
        var program = new TestProgram("downgrade", p =>
        {
            var sem = new RwSemaphore("mmap_sem");
            bool writing = false;
            int readers = 0;
            p.Thread("downgrader", () =>
            {
                sem.DownWrite();
                writing = true;
                Sched.Yield();
                writing = false;
                readers++;
                sem.DowngradeWrite();
                Sched.Yield();
                readers--;
                sem.UpRead();
            });
            p.Thread("reader", () =>
            {
                sem.DownRead();
                Sched.Assert(!writing, "a reader got in while the lock was write-held", "rwsem");
                if (++readers == 2) overlaps++;
                Sched.Yield();
                readers--;
                sem.UpRead();
            });
            p.Thread("writer", () =>
            {
                if (!sem.DownWriteTrylock()) return;
                Sched.Assert(!writing && readers == 0, "a writer got in beside another holder", "rwsem");
                sem.UpWrite();
            });
        });
        Run.Exhaust(program);
        Assert.True(overlaps > 0, "no schedule had the reader inside beside the downgraded writer");
    }
}
