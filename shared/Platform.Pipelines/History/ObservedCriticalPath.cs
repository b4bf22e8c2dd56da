using Platform.Pipelines.Engine;

namespace Platform.Pipelines.History;

/// <summary>
/// The critical path of a run that happened (the simulator knows its own; a real run only has times):
/// from the step that finished last, go back to the step that finished last before it started, and so
/// on. Each link is the step the next one waited for, or at least the last thing that ended before it:
/// shortening any step on the path shortens the run, shortening one off it does not.
/// </summary>
public static class ObservedCriticalPath
{
    public static IReadOnlyList<string> Of(RunReport report)
    {
        var timed = report.StepRows
            .Where(s => s.StartedAt is not null && s.FinishedAt is not null && s.Status != StepStatus.Skipped)
            .ToList();
        var path = new List<string>();
        var current = timed.OrderByDescending(s => s.FinishedAt).ThenBy(s => s.Id, StringComparer.Ordinal).FirstOrDefault();
        while (current is not null)
        {
            path.Add(current.Id);
            var start = current.StartedAt!.Value;
            current = timed
                .Where(s => s.FinishedAt <= start && !path.Contains(s.Id))
                .OrderByDescending(s => s.FinishedAt).ThenBy(s => s.Id, StringComparer.Ordinal)
                .FirstOrDefault();
        }

        path.Reverse();
        return path;
    }
}
