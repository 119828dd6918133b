using System.Globalization;
using System.Text;

namespace Provisioner.Bench;

/// <summary>Everything one run measured, printed as Markdown (the form docs/performance.md quotes).</summary>
internal sealed class Report
{
    private readonly StringBuilder _text = new();
    private readonly List<(string Figure, string Value, string Target, string Verdict)> _targets = [];

    public void Heading(string title) => _text.Append(CultureInfo.InvariantCulture, $"\n## {title}\n\n");

    public void Line(string text) => _text.Append(text).Append('\n');

    public void Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        Line("| " + string.Join(" | ", header) + " |");
        Line("|" + string.Concat(header.Select(_ => "---|")));
        foreach (var row in rows) Line("| " + string.Join(" | ", row) + " |");
        Line("");
    }

    /// <summary>A figure judged against an issue-6 or issue-11 target. <paramref name="met"/> null = could not be judged.</summary>
    public void Target(string figure, string value, string target, bool? met) =>
        _targets.Add((figure, value, target, !JudgeTargets ? "not judged (smoke run)" : met switch { true => "met", false => "MISSED", null => "n/a" }));

    /// <summary>False for the smoke run: its tiny N says nothing about the targets.</summary>
    public bool JudgeTargets { get; init; } = true;

    public string Render()
    {
        var all = new StringBuilder(_text.ToString());
        if (_targets.Count > 0)
        {
            all.Append("\n## Targets (issues 6 and 11)\n\n| figure | measured | target | verdict |\n|---|---|---|---|\n");
            foreach (var (figure, value, target, verdict) in _targets)
                all.Append(CultureInfo.InvariantCulture, $"| {figure} | {value} | {target} | {verdict} |\n");
        }
        return all.ToString();
    }

    public static string Ms(double value) => double.IsNaN(value) ? "–" : value.ToString(value >= 100 ? "F0" : "F1", CultureInfo.InvariantCulture) + " ms";

    public static string Ratio(double value) => double.IsNaN(value) ? "–" : value.ToString(value >= 10 ? "F0" : "F2", CultureInfo.InvariantCulture) + "×";

    public static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("F1", CultureInfo.InvariantCulture) + " MB";
}
