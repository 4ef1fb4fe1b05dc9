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
                new XAttribute("name", XmlText(ArtifactNames.Stem(o.Scenario, o.Faults))),
                new XAttribute("time", o.Result.Elapsed.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)));
            if (o.Result.Found is { } f)
            {
                tc.Add(new XElement("failure",
                    new XAttribute("type", f.Bug.Title),
                    new XAttribute("message", XmlText(f.Bug.Message.Split('\n')[0])),
                    XmlText($"schedule: {o.ScheduleFile}\n{f.Bug.Message}")));
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

    /// <summary>Text XML 1.0 can carry: a character it cannot (a control character in a path) is written as \xNN.</summary>
    private static string XmlText(string s) =>
        s.All(System.Xml.XmlConvert.IsXmlChar) ? s : string.Concat(s.Select(c => System.Xml.XmlConvert.IsXmlChar(c) ? c.ToString() : $"\\x{(int)c:x2}"));
}
