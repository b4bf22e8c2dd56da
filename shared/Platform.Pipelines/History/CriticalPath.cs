using Platform.Pipelines.Engine;

namespace Platform.Pipelines.History;

/// <summary>
/// A run's critical path: from the step that finished last, back through what each step waited for
/// (the step whose end, approval or timer made it ready). Shortening a step on it shortens the run;
/// shortening one off it does not. The simulator and the stored-run replay record "waited for" alike.
/// </summary>
public static class CriticalPath
{
    public static IReadOnlyList<string> Of(RunReport report, IReadOnlyDictionary<string, string?> enabledBy)
    {
        var last = report.StepRows.Where(s => s.FinishedAt is not null && s.StartedAt is not null && enabledBy.ContainsKey(s.Id))
            .OrderByDescending(s => s.FinishedAt).ThenBy(s => s.Id, StringComparer.Ordinal).FirstOrDefault();
        var path = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var id = last?.Id; id is not null && seen.Add(id); id = enabledBy.GetValueOrDefault(id))
        {
            path.Add(id);
        }

        path.Reverse();
        return path;
    }
}
