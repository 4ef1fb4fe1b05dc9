namespace Torture.Model;

/// <summary>
/// A vCPU's retry loop watched as a liveness property. A KVM fault or pfn cache refresh that gives up
/// while invalidations are outstanding is not a bug by itself: the guest re-enters and retries
/// (RET_PF_RETRY, -EAGAIN to the ioctl), and succeeds once every invalidation has ended. It becomes
/// one when an invalidation never ends (B13): the guest then retries forever. So the monitor goes
/// hot when a waiter gives up and cold when the last outstanding invalidation ends.
/// </summary>
/// <remarks>
/// The monitor counts the invalidations itself, in program order at the writer, instead of reading
/// the counter it watches: under weak memory a reader's view of that counter may lag a drop its
/// writer already made, and the monitor would stay hot over an invalidation that did end.
/// </remarks>
public sealed class KvmRetryMonitor
{
    private readonly string counter;
    private long outstanding;
    private string? lastRaisedBy;

    /// <param name="name">The monitor, as a liveness report names it.</param>
    /// <param name="counter">The kernel counter whose raises and drops it follows.</param>
    public KvmRetryMonitor(string name, string counter)
    {
        Name = name;
        this.counter = counter;
    }

    public string Name { get; }

    /// <summary>The counter was raised (by the running thread).</summary>
    public void Raised()
    {
        outstanding++;
        lastRaisedBy = Sched.ThreadName;
    }

    /// <summary>The counter was dropped: the last drop lets a retrying guest through.</summary>
    public void Dropped()
    {
        if (outstanding > 0 && --outstanding == 0) Sched.Cold(Name);
    }

    /// <summary>
    /// The mm is gone (->release): an invalidation running then never gets its end (kvm_destroy_vm()
    /// resets the counts for that reason), and no guest access can wait for one any more.
    /// </summary>
    public void Released()
    {
        outstanding = 0;
        Sched.Cold(Name);
    }

    /// <summary>A waiter gave up after its <see cref="Kvm.MaxFaultRetries"/> retries: hot if an invalidation it waits out is still outstanding.</summary>
    public void GaveUp(string who)
    {
        if (outstanding == 0) return;
        Sched.Hot(Name, $"{who} gave up after {Kvm.MaxFaultRetries + 1} attempts with {counter} = {outstanding}, last raised by {lastRaisedBy}; the guest retries until an end drops it to 0");
    }
}
