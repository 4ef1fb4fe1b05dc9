namespace Torture.Reports;

/// <summary>
/// Writes a file whole or not at all: into a temporary name unique to this process and write, then
/// renamed over the target, so runs sharing an output folder never see each other's half-written files.
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, string text)
    {
        var tmp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            File.WriteAllText(tmp, text);
            File.Move(tmp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }
}
