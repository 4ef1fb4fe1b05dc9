namespace Torture.Tests.Cli;

/// <summary>Runs the torture command line in-process and captures what it prints.</summary>
internal sealed class CliHarness : IDisposable
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("torture-cli-").FullName;

    public (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = Program.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    public string Path(string name) => System.IO.Path.Combine(Dir, name);

    /// <summary>The folder the newest run under <paramref name="outDir"/> wrote to (what its latest link points at).</summary>
    public static string LatestRun(string outDir) =>
        new DirectoryInfo(System.IO.Path.Combine(outDir, "latest")).ResolveLinkTarget(returnFinalTarget: true)?.FullName
        ?? throw new Xunit.Sdk.XunitException($"{outDir} has no latest run");

    /// <summary>Bad input: exit code 2 and one line on stderr that names the problem, never a stack trace.</summary>
    public static void AssertOneLineError(int code, string err, string mentions)
    {
        Xunit.Assert.Equal(2, code);
        var lines = err.TrimEnd('\n').Split('\n');
        Xunit.Assert.Single(lines);
        Xunit.Assert.StartsWith("torture: ", lines[0]);
        Xunit.Assert.Contains(mentions, lines[0]);
        Xunit.Assert.DoesNotContain(" at ", lines[0]);
    }

    public string Write(string name, string text)
    {
        var p = Path(name);
        File.WriteAllText(p, text);
        return p;
    }

    public void Dispose()
    {
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
    }
}
