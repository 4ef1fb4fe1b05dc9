using System.Xml.Linq;

namespace Torture.Reports;

/// <summary>JUnit XML for CI dashboards: one test case per scenario, a failure per bug.</summary>
public static class JUnitReport
{
    public static string Render(IReadOnlyList<ScenarioOutcome> all, RunInfo? run = null)
    {
        var cases = all.Select(o =>
        {
            var tc = new XElement("testcase",
                new XAttribute("classname", "torture"),
                new XAttribute("name", XmlText(ArtifactNames.Stem(o.Scenario, o.Faults))),
                new XAttribute("time", o.Result.Elapsed.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)));
            if (o.CutShort)
                tc.Add(new XElement("skipped", new XAttribute("message", XmlText(o.Verdict))));
            if (o.Result.Found is { } f)
            {
                tc.Add(new XElement("failure",
                    new XAttribute("type", f.Bug.Title),
                    new XAttribute("message", XmlText(f.Bug.Message.Split('\n')[0])),
                    XmlText($"schedule: {o.ScheduleFile ?? "none (a parallel native run records no schedule)"}\n{f.Bug.Message}")));
            }
            return tc;
        });
        var suite = new XElement("testsuite",
            new XAttribute("name", "torture"),
            new XAttribute("tests", all.Count),
            new XAttribute("failures", all.Count(o => o.Result.BugFound)),
            new XAttribute("errors", 0),
            new XAttribute("skipped", all.Count(o => o.CutShort)),
            new XAttribute("time", all.Sum(o => o.Result.Elapsed.TotalSeconds).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)));
        if (run is not null)
        {
            suite.Add(new XAttribute("timestamp", run.Started.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)));
            suite.Add(new XAttribute("hostname", Environment.MachineName));
            suite.Add(new XElement("properties",
                run.Config.Select(kv => new XElement("property", new XAttribute("name", kv.Key), new XAttribute("value", XmlText(kv.Value?.ToString() ?? "")))),
                new XElement("property", new XAttribute("name", "commit"), new XAttribute("value", run.Commit)),
                new XElement("property", new XAttribute("name", "fingerprint"), new XAttribute("value", run.Fingerprint))));
        }
        suite.Add(cases);
        return new XDocument(new XDeclaration("1.0", "utf-8", null), suite).ToString() + "\n";
    }

    /// <summary>Text XML 1.0 can carry: a character it cannot (a control character in a path) is written as \xNN.</summary>
    private static string XmlText(string s) =>
        s.All(System.Xml.XmlConvert.IsXmlChar) ? s : string.Concat(s.Select(c => System.Xml.XmlConvert.IsXmlChar(c) ? c.ToString() : $"\\x{(int)c:x2}"));
}
