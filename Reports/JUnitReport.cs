using System.Xml.Linq;

namespace Torture.Reports;

/// <summary>JUnit XML for CI dashboards: one test case per scenario, a failure per bug.</summary>
public static class JUnitReport
{
    public static string Render(IReadOnlyList<ScenarioOutcome> all)
    {
        var cases = all.Select(o =>
        {
            var tc = new XElement("testcase",
                new XAttribute("classname", "torture"),
                new XAttribute("name", ArtifactNames.Stem(o.Scenario, o.Faults)),
                new XAttribute("time", o.Result.Elapsed.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)));
            if (o.Result.Found is { } f)
            {
                tc.Add(new XElement("failure",
                    new XAttribute("type", f.Bug.Title),
                    new XAttribute("message", f.Bug.Message.Split('\n')[0]),
                    $"schedule: {o.ScheduleFile}\n{f.Bug.Message}"));
            }
            return tc;
        });
        var suite = new XElement("testsuite",
            new XAttribute("name", "torture"),
            new XAttribute("tests", all.Count),
            new XAttribute("failures", all.Count(o => o.Result.BugFound)),
            cases);
        return new XDocument(new XDeclaration("1.0", "utf-8", null), suite).ToString() + "\n";
    }
}
