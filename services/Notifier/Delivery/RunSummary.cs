using System.Globalization;
using Platform.Contracts;

namespace Platform.Notifier.Delivery;

/// <summary>The short account of a run that every target gets: counts by status and the steps that failed (group rows aside).</summary>
public sealed record RunSummary(
    int Total,
    IReadOnlyDictionary<string, int> ByStatus,
    IReadOnlyList<StepReport> FailedSteps)
{
    /// <summary>A webhook body or e-mail stays short even for a wide fan-out.</summary>
    public const int MaxFailedSteps = 20;

    private static readonly string[] FailedStatuses = ["failed", "timed-out"];

    public static RunSummary Of(RunFinished run)
    {
        ArgumentNullException.ThrowIfNull(run);
        // A large report comes in pages the Notifier does not need: the counts travel with RunFinished.
        var steps = run.Steps.Where(step => step.Kind != "group").ToList();
        var byStatus = run.StepCounts is { } counts
            ? counts.OrderBy(pair => pair.Key, StringComparer.Ordinal).ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.OrdinalIgnoreCase)
            : steps
                .GroupBy(step => step.Status, StringComparer.OrdinalIgnoreCase)
                .OrderBy(group => group.Key, StringComparer.Ordinal)
                .ToDictionary(group => group.Key, group => group.Count(), StringComparer.OrdinalIgnoreCase);
        // A paged report's rows are not here, but the first failed ones are.
        var failed = (run.FailedSteps is { Count: > 0 } named && steps.Count == 0 ? named : steps)
            .Where(step => FailedStatuses.Contains(step.Status, StringComparer.OrdinalIgnoreCase))
            .Take(MaxFailedSteps)
            .ToList();
        return new RunSummary(byStatus.Values.Sum(), byStatus, failed);
    }

    /// <summary>E.g. "4 steps: 3 succeeded, 1 failed (test)".</summary>
    public string Describe()
    {
        var counts = string.Join(", ", ByStatus.Select(pair => string.Create(CultureInfo.InvariantCulture, $"{pair.Value} {pair.Key}")));
        var text = string.Create(CultureInfo.InvariantCulture, $"{Total} steps: {(counts.Length == 0 ? "none" : counts)}");
        return FailedSteps.Count == 0 ? text : $"{text} ({string.Join(", ", FailedSteps.Select(step => step.Id))})";
    }
}
