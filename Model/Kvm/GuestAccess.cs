namespace Torture.Model;

/// <summary>A guest load or store: the hardware walks the SPTEs; a miss exits to the KVM fault handler.</summary>
public static class GuestAccess
{
    /// <summary>True when the access went through an SPTE.</summary>
    [Operation("GuestAccess")]
    public static bool Run(Kvm kvm, int gfn, bool write)
    {
        for (int attempt = 0; attempt < 2; attempt++)
        {
            Sched.Yield("guest instruction");   // an SPTE hit is atomic
            using (kvm.GuestMode.Hold())
            {
                if (kvm.Sptes[gfn] is { } s && (!write || s.Writable))
                {
                    Sched.Note($"{kvm.Name} guest {(write ? "writes" : "reads")} gfn{gfn} through its SPTE -> {s.Page}");
                    kvm.Touch(gfn, write);
                    kvm.Kernel.Pages.UserAccess(kvm.Mm, Kvm.GfnToHva(gfn), s.Page, write, s.Writable, $"{kvm.Name} guest gfn{gfn}");
                    return true;
                }
            }
            Sched.Note($"{kvm.Name} guest {(write ? "write" : "read")} gfn{gfn}: EPT violation");
            if (KvmFault.Run(kvm, gfn, write) != KvmFaultResult.Installed) return false;
        }
        return false;
    }
}
