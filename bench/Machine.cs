using System.Runtime.InteropServices;

namespace Torture.Bench;

/// <summary>What the numbers were measured on.</summary>
internal static class Machine
{
    public static string Describe()
    {
        string cpu = "unknown CPU";
        try
        {
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
        }
        catch (IOException) { }
        return $"{Environment.ProcessorCount} logical cores, {cpu}, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd}";
    }
}
