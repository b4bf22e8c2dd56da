using Platform.Contracts;
using Platform.Pipelines.Engine;
using Platform.Pipelines.Loading;
using Platform.Storage;

namespace Platform.Cli.Reruns;

/// <summary>Checks that a run can be re-run and picks the successes the re-run takes over (<see cref="RerunSelection"/>).</summary>
internal static class RerunPlanner
{
    /// <summary>The steps to reuse (none without --failed or --from), or null after the reasons on <paramref name="stderr"/>.</summary>
    public static IReadOnlyList<ReusedStep>? Plan(StoredRunState previous, bool failed, string? from, IReadOnlyDictionary<string, string> secrets,
        string? newRunId, TextWriter stderr)
    {
        var run = previous.Run;
        if (!previous.State.IsFinished)
        {
            stderr.WriteLine($"error: run {run.RunId} has not finished: re-run a finished run (continue an interrupted one with ./platform resume {run.RunId})");
            return null;
        }

        if (newRunId is not null && RunIds.From(newRunId) == run.RunId)
        {
            stderr.WriteLine($"error: --run-id {newRunId} is the run being re-run: a re-run is a new run and needs an id of its own");
            return null;
        }

        // Secrets were never stored: the re-run needs them given again, exactly as resume does.
        var missing = SecretBinder.Missing(previous.State.Plan.Pipeline, secrets).ToList();
        foreach (var m in missing)
        {
            stderr.WriteLine($"error: {m} (secrets are never stored; give them again with --secret NAME to re-run run {run.RunId})");
        }

        if (missing.Count > 0)
        {
            return null;
        }

        if (!failed && from is null)
        {
            return [];
        }

        var (reused, error) = RerunSelection.Select(previous.State, from);
        if (error is not null)
        {
            stderr.WriteLine($"error: --from: {error}");
            return null;
        }

        return [.. reused.Select(r => new ReusedStep(r.Key, r.Value.Outputs, r.Value.ExitCode))];
    }
}
