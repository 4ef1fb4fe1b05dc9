using System.Xml;
using System.Xml.Schema;
using Torture.Model;
using Xunit;

namespace Torture.Tests.Cli;

/// <summary>junit.xml validates against the schema Jenkins imports (tests/Cli/junit-jenkins.xsd), clean, failing and interrupted alike.</summary>
public class JUnitSchemaTests
{
    internal static void Validate(string junit)
    {
        var schemas = new XmlSchemaSet();
        schemas.Add(null, Path.Combine(AppContext.BaseDirectory, "Cli", "junit-jenkins.xsd"));
        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = schemas };
        settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Severity}: {e.Message} (line {e.Exception?.LineNumber})");
        using (var reader = XmlReader.Create(junit, settings)) while (reader.Read()) { }
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public void CleanFailingAndInterruptedReportsValidate()
    {
        using var cli = new CliHarness();
        Assert.Equal(0, cli.Run("run", "--scenario", "fault-vs-zap,fork-vs-cpu", "--iterations", "50", "--out", cli.Path("clean")).Code);
        Validate(Path.Combine(cli.Path("clean"), "latest", "junit.xml"));

        Assert.Equal(1, cli.Run("run", "--scenario", "fault-vs-zap", "--mutant", nameof(Mutant.SkipStartInZap), "--shrink-seconds", "0", "--out", cli.Path("bug")).Code);
        Validate(Path.Combine(cli.Path("bug"), "latest", "junit.xml"));

        Assert.Equal(4, cli.Run("run", "--scenario", "fault-vs-zap", "--strategy", "dfs", "--iterations", "3", "--out", cli.Path("cut")).Code);
        Validate(Path.Combine(cli.Path("cut"), "latest", "junit.xml"));
    }

    [Fact]
    public void TheSchemaRejectsWhatJenkinsWouldReject()
    {
        // The validator is real: a report without the suite's test count fails it.
        using var cli = new CliHarness();
        var bad = cli.Write("bad.xml", "<testsuite name=\"torture\"><testcase name=\"x\" time=\"1.5s\"/></testsuite>");
        Assert.ThrowsAny<Exception>(() => Validate(bad));
    }
}
