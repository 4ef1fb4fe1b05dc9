namespace Torture.Model;

/// <summary>virt/kvm/kvm_main.c: kvm_destroy_vm(): unregister, then free the VM (and with it the notifier).</summary>
public static class KvmDestroyVm
{
    [Operation("KvmDestroyVm", Role = OperationRole.DestroysListener, PinsMm = false)]
    public static void Run(Kvm kvm)
    {
        MmuNotifierUnregister.Unregister(kvm.Notifier, kvm.Mm);
        // Safe only because unregister waited for every running op: none may touch kvm after this.
        kvm.Kernel.Events.NotifierFreed(kvm.Notifier);
        Sched.Note($"{kvm.Name} freed");
    }
}
