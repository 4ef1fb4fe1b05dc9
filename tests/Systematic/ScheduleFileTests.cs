using Torture.Systematic;
using Xunit;

namespace Torture.Tests.Systematic;

/// <summary>A damaged or mismatched schedule file is refused with one clear error naming the line.</summary>
public class ScheduleFileTests
{
    private const string File = "bug.schedule";
    private const int DecisionsLine = 12, FirstDecision = 13;   // after the header, fingerprint and commit lines

    private static readonly TestProgram Program = Programs.LostUpdate();
    private static readonly Lazy<Schedule> Recorded = new(() => Run.Find(Program, "random", seed: 1).Schedule);

    private static List<string> Lines() => Recorded.Value.ToText().TrimEnd('\n').Split('\n').ToList();

    private static string Text(List<string> lines) => string.Join("\n", lines) + "\n";

    private static int Count => Recorded.Value.Decisions.Count;

    /// <summary>Parse then replay; the error must be bad input (never another exception) naming <paramref name="line"/>.</summary>
    private static TortureInputException Refused(string text, int line, TestProgram? program = null)
    {
        var e = Assert.ThrowsAny<TortureInputException>(() => Explorer.Replay(program ?? Program, Schedule.Parse(text, File)));
        Assert.Contains($"{File}: line {line}", e.Message);
        return e;
    }

    private static TortureInputException Refused(List<string> lines, int line, TestProgram? program = null) =>
        Refused(Text(lines), line, program);

    [Fact]
    public void TheRecordedFileIsLaidOutAsTheTestsAssume()
    {
        var lines = Lines();
        Assert.StartsWith("decisions: ", lines[DecisionsLine - 1]);
        Assert.StartsWith("t ", lines[FirstDecision - 1]);
        Assert.True(Count >= 2);
        Assert.Equal("end", lines[^1]);
        Assert.NotNull(Explorer.Replay(Program, Schedule.Parse(Text(lines), File)).Bug);
    }

    [Theory]
    [InlineData(5)]     // inside the header
    [InlineData(13)]    // after the first decision
    public void TruncatedFile(int keep)
    {
        var e = Refused(Lines().Take(keep).ToList(), keep + 1);
        Assert.Contains("ends early", e.Message);
    }

    [Fact]
    public void EmptyFile() => Assert.Contains("ends early", Refused("", 1).Message);

    [Theory]
    [InlineData("torture-schedul 1", "not a Torture schedule file")]
    [InlineData("coyote-trace 1", "not a Torture schedule file")]
    [InlineData("torture-schedule 2", "version 2 is not supported")]
    public void BadMagicOrVersion(string first, string why)
    {
        var lines = Lines();
        lines[0] = first;
        Assert.Contains(why, Refused(lines, 1).Message);
    }

    [Theory]
    [InlineData("t x 0,1", "bad thread id")]
    [InlineData("t 0 0,y", "bad enabled set")]
    [InlineData("t 2 0,1", "not in its enabled set")]
    [InlineData("t 0", "expected a decision")]
    [InlineData("q 0 1", "unknown decision kind")]
    [InlineData("d 5 2", "bad data choice")]
    public void GarbledDecisionLine(string garbled, string why)
    {
        var lines = Lines();
        lines[FirstDecision] = garbled;
        Assert.Contains(why, Refused(lines, FirstDecision + 1).Message);
    }

    [Fact]
    public void GarbledHeaderField()
    {
        var lines = Lines();
        lines[3] = "seed: forty-two";
        Assert.Contains("'seed' is not a valid number", Refused(lines, 4).Message);
    }

    [Fact]
    public void DecisionCountTooSmall()
    {
        var lines = Lines();
        lines[DecisionsLine - 1] = $"decisions: {Count - 1}";
        Assert.Contains("expected 'end'", Refused(lines, FirstDecision + Count - 1).Message);
    }

    [Fact]
    public void DecisionCountTooLarge()
    {
        var lines = Lines();
        lines[DecisionsLine - 1] = $"decisions: {Count + 1}";
        Assert.Contains("found 'end'", Refused(lines, FirstDecision + Count).Message);
    }

    [Fact]
    public void TextAfterEnd()
    {
        var lines = Lines();
        lines.Add("t 0 0,1");
        Assert.Contains("after 'end'", Refused(lines, lines.Count).Message);
    }

    [Fact]
    public void WrongFingerprint()
    {
        var lines = Lines();
        lines[8] = "fingerprint: 0000000000000000";
        var e = Refused(lines, 9);
        Assert.Contains("does not match the code under test", e.Message);
        Assert.Contains("--no-fingerprint-check", e.Message);   // the error names the override
        Assert.NotNull(Explorer.Replay(Program, Schedule.Parse(Text(lines), File), checkFingerprint: false).Bug);
    }

    [Fact]
    public void WrongProgram()
    {
        var e = Refused(Lines(), 2, Programs.CasCounter());
        Assert.Contains($"'{Program.Name}'", e.Message);
    }

    [Fact]
    public void EnabledSetsThatNoLongerMatchNameTheLine()
    {
        var lines = Lines();
        lines[FirstDecision] = lines[FirstDecision].Replace(" 0,1", " 0,1,2");
        var e = Refused(lines, FirstDecision + 1);
        Assert.IsType<ReplayDivergenceException>(e);
    }

    [Fact]
    public void ChangedProgramDivergesAtTheFirstDecision()
    {
        // Same name and build, but now three threads: the first decision sees another enabled set.
        var changed = new TestProgram(Program.Name, Programs.LostUpdate(3).Build);
        Assert.IsType<ReplayDivergenceException>(Refused(Lines(), FirstDecision, changed));
    }

    [Fact]
    public void DataChoiceWhereAThreadChoiceWasRecorded()
    {
        var lines = Lines();
        lines[FirstDecision - 1] = "d 0 2";
        Assert.Contains("records a data choice", Refused(lines, FirstDecision).Message);
    }

    [Fact]
    public void ExtraDecisionsLeftOver()
    {
        var lines = Lines();
        lines.Insert(lines.Count - 1, "t 1 0,1");
        lines[DecisionsLine - 1] = $"decisions: {Count + 1}";
        var e = Refused(lines, FirstDecision + Count);
        Assert.Contains("1 more decision", e.Message);
    }

    [Fact]
    public void MissingFile()
    {
        var e = Assert.Throws<TortureInputException>(() => Schedule.Load("/nonexistent/dir/bug.schedule"));
        Assert.Contains("cannot read the schedule file", e.Message);
    }
}
