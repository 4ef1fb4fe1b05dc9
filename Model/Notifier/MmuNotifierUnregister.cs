namespace Torture.Model;

/// <summary>mm/mmu_notifier.c: mmu_notifier_unregister(): when it returns, no op of the notifier runs or will run (R7).</summary>
public static class MmuNotifierUnregister
{
    /// <summary>A driver unbinding its listener (it keeps the listener's memory).</summary>
    [Operation("MmuNotifierUnregister", Role = OperationRole.UnregistersListener, PinsMm = false)]
    public static void Run(IMmuListener listener) => Unregister(listener.Notifier, listener.Mm);

    public static void Unregister(MmuNotifier sub, MmStruct mm)
    {
        var k = mm.Kernel;
        KernelBug.On(mm.MmCount <= 0, $"mmu_notifier_unregister({sub}) on a freed mm");
        var subs = mm.NotifierSubscriptions!;

        if (!sub.Node.Unhashed)
        {
            // ->release runs while the notifier is still hashed, so every invalidation until the
            // listener has torn down its mappings still reaches it (3ad3d901bbcf).
            bool delFirst = k.Faults.On(Mutant.UnregisterDelBeforeRelease);
            if (delFirst) Unhash(k, sub, subs);

            // The SRCU read section makes exit_mmap() wait in mmu_notifier_release() for this
            // ->release before it frees the pages.
            int id = k.Srcu.ReadLock();
            if (sub.Ops?.Has(MmuNotifierOp.Release) != false) NotifierCall.Release(k, sub, mm);
            k.Srcu.ReadUnlock(id);

            if (!delFirst) Unhash(k, sub, subs);
        }

        // Wait for every running method to finish, including a ->release that exit_mmap() started
        // instead of us: only then may the caller free the listener.
        if (!k.Faults.On(Mutant.UnregisterNoSynchronize)) k.Srcu.Synchronize();

        KernelBug.On(mm.MmCount <= 0, $"mmu_notifier_unregister({sub}): mm freed under us");
        k.Events.NotifierUnregistered(sub);
        Sched.Note($"unregistered {sub}");
        MmLifetime.Mmdrop(mm);
    }

    private static void Unhash(Kernel k, MmuNotifier sub, MmuNotifierSubscriptions subs)
    {
        subs.Lock.Lock();
        // Not hlist_del_rcu(): __mmu_notifier_release() may have deleted the node (del_init) after we
        // tested it, and deleting an unhashed node dereferences NULL (751efd8610d3 -> d34883d4e35c).
        if (k.Faults.On(Mutant.UnregisterUsesHlistDelRcu)) subs.List.DelRcu(sub.Node);
        else subs.List.DelInitRcu(sub.Node);
        subs.Lock.Unlock();
    }
}
