namespace Torture.Systematic;

/// <summary>A counting semaphore (down/up); with an initial count of 0 it is a completion.</summary>
public sealed class Semaphore : Primitive
{
    private readonly SemaphoreSlim? native;
    private long count;

    public Semaphore(string name, int initial = 0) : base(name)
    {
        count = initial;
        if (Ctl is null) native = new SemaphoreSlim(initial);
    }

    /// <summary>down(): wait until the count is positive, then take one.</summary>
    public void Down()
    {
        MightSleep("waits on {0} (down)");
        if (Ctl is not null)
        {
            var t = Step(OpKind.SemDown);
            count--;
            Traced(t, OpKind.SemDown, $"count={count}");
            return;
        }
        native!.Wait();
    }

    /// <summary>up() / complete(): add one and let a waiter go.</summary>
    public void Up()
    {
        if (Ctl is not null)
        {
            var t = Step(OpKind.SemUp);
            count++;
            Traced(t, OpKind.SemUp, $"count={count}");
            return;
        }
        native!.Release();
    }

    private protected override bool IsEnabled(LogicalThread t, OpKind op) => op != OpKind.SemDown || count > 0;
}
