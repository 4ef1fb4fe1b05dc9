using System.Text;

namespace Torture.Systematic;

/// <summary>Reads an input file whole, refusing one larger than a bound (/dev/zero never ends) and any path that is not a file.</summary>
public static class BoundedText
{
    public static string Read(string path, long maxBytes, string what)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new TortureInputException($"the {what} path is empty");
        if (Directory.Exists(path)) throw new TortureInputException($"{path}: is a directory, not a {what}");
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int n;
            while ((n = stream.Read(chunk, 0, chunk.Length)) > 0)
            {
                if (buffer.Length + n > maxBytes)
                    throw new TortureInputException($"{path}: larger than {maxBytes / (1024 * 1024)} MiB: not a {what}");
                buffer.Write(chunk, 0, n);
            }
            return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new TortureInputException($"{path}: cannot read the {what}: {e.Message}");
        }
    }
}
