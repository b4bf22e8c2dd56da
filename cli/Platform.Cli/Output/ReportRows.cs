using Platform.Pipelines.Engine;

namespace Platform.Cli.Output;

/// <summary>Report rows as the terminal shows them: indented two spaces per enclosing group.</summary>
internal static class ReportRows
{
    public static IReadOnlyList<(StepRecord Row, string Label)> Indented(RunReport report)
    {
        var depth = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = new List<(StepRecord, string)>(report.Steps.Count);
        foreach (var row in report.Steps)
        {
            var d = row.Parent is { } parent && depth.TryGetValue(parent, out var p) ? p + 1 : 0;
            depth[row.Id] = d;
            var label = new string(' ', 2 * d) + row.Id + (row.Item is { } item ? $" ({item})" : "");
            rows.Add((row, label));
        }

        return rows;
    }
}
