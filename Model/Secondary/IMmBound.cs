namespace Torture.Model;

/// <summary>A driver object that lives on one mm (a listener, a device mirror): operations on it pin that mm.</summary>
public interface IMmBound
{
    MmStruct Mm { get; }
}
