using System.Security.Cryptography;
using System.Text;
using Torture.Scenarios;
using Torture.Systematic;
using Xunit;

namespace Torture.Tests.Systematic;

/// <summary>
/// The fingerprint is the sources that decide behaviour, not the build: recomputed here from the
/// files themselves, it must equal what the built assemblies carry (so a Debug and a Release build
/// of one tree agree, and CLI or report code is outside it).
/// </summary>
public class FingerprintTests
{
    [Fact]
    public void TheScenarioFingerprintIsAHashOfTheBehaviourSources()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Torture.sln"))) root = root.Parent;
        Assert.NotNull(root);
        IEnumerable<string> Sources(string project, params string[] folders) =>
            folders.SelectMany(f => Directory.Exists(Path.Combine(root!.FullName, project, f))
                ? Directory.EnumerateFiles(Path.Combine(root.FullName, project, f), "*.cs", SearchOption.AllDirectories)
                : Enumerable.Empty<string>())
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"));
        var files = Sources("Systematic", ".").Concat(Sources("Model", ".")).Concat(Sources("Invariants", "."))
            .Concat(Sources("Torture", "Scenarios", "Generator", "Demos")).ToList();
        Assert.True(files.Count > 50, $"only {files.Count} source files found under {root!.FullName}");
        Assert.DoesNotContain(files, f => f.Contains($"{Path.DirectorySeparatorChar}Cli{Path.DirectorySeparatorChar}"));
        var hashes = files.Select(f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))).Order(StringComparer.Ordinal);
        var expected = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("|", hashes))), 0, 8).ToLowerInvariant();
        Assert.Equal(expected, Scenario.Fingerprint);
    }

    [Fact]
    public void SchedulesRecordTheCommitAndStillParseWithoutIt()
    {
        var s = new Schedule { Program = "p", Strategy = "random", Fingerprint = "f", Commit = "abc123", Decisions = new[] { Decision.Thread(0, 1) } };
        var text = s.ToText();
        Assert.Contains("\ncommit: abc123\n", text);
        Assert.Equal("abc123", Schedule.Parse(text).Commit);
        var without = Schedule.Parse(text.Replace("commit: abc123\n", ""));
        Assert.Null(without.Commit);
        Assert.Equal(text.Replace("commit: abc123\n", ""), without.ToText());
        Assert.NotEqual("", Fingerprints.Commit);
    }
}
