namespace Torture.Model;

/// <summary>kernel/fork.c: the two mm reference counts.</summary>
public static class MmLifetime
{
    /// <summary>mmget(): pin the address space (mm_users).</summary>
    public static void Mmget(MmStruct mm)
    {
        KernelBug.On(mm.AddUsers(1) <= 1, $"mmget({mm}) after its last user left");
    }

    /// <summary>mmget_not_zero(): pin the address space unless its last user already left.</summary>
    public static bool MmgetNotZero(MmStruct mm)
    {
        return mm.IncUsersNotZero();
    }

    /// <summary>mmput(): the last user tears the address space down, then drops the mm_count it stood for.</summary>
    [Operation("Mmput", Role = OperationRole.ExitsMm, PinsMm = false)]
    public static void Mmput(MmStruct mm)
    {
        int users = mm.AddUsers(-1);
        KernelBug.On(users < 0, $"mmput({mm}) with mm_users {users + 1}");
        if (users != 0) return;
        ExitMmap.Run(mm);
        Mmdrop(mm);
    }

    /// <summary>mmgrab(): keep the mm_struct (not the address space) alive.</summary>
    public static void Mmgrab(MmStruct mm)
    {
        KernelBug.On(mm.AddCount(1) <= 1, $"mmgrab({mm}) on a freed mm_struct");
    }

    /// <summary>mmdrop(): the last reference frees the mm_struct and its notifier subscriptions.</summary>
    public static void Mmdrop(MmStruct mm)
    {
        int count = mm.AddCount(-1);
        KernelBug.On(count < 0, $"mmdrop({mm}) with mm_count {count + 1}");
        if (count != 0) return;
        // kernel/fork.c: __mmdrop() -> mmu_notifier_subscriptions_destroy()
        if (mm.NotifierSubscriptions is { } subs) subs.Destroy();
        mm.Freed = true;
        Sched.Note($"{mm} freed (__mmdrop)");
    }
}
