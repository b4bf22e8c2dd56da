namespace Platform.Contracts;

/// <summary>
/// Ask the Coordinator to run a pipeline. Submitting the same <see cref="RunId"/> twice creates one run.
/// <see cref="PipelineYaml"/> is the pipeline text; <see cref="PipelineFile"/> is only used in messages;
/// <see cref="Name"/> is the name a user gave the run (<c>--run-id nightly-42</c>), if any.
/// <see cref="Secrets"/> (<c>--secret NAME</c>) reach steps as environment variables and are never stored.
/// <see cref="ConcurrencyCap"/>: <c>--sequential</c> (1) or <c>--concurrency N</c> caps every group's and the run's concurrency.
/// A re-run (<c>platform rerun</c>) names the run it re-runs (<see cref="RerunOf"/>) and the successes it
/// takes over from it (<see cref="Reused"/>): those steps are not run again.
/// </summary>
public sealed record SubmitRun(
    Guid RunId,
    string PipelineYaml,
    string? PipelineFile,
    IReadOnlyDictionary<string, string> Inputs,
    DateTimeOffset RequestedAt,
    string? Name = null,
    IReadOnlyDictionary<string, string>? Secrets = null,
    int? ConcurrencyCap = null,
    Guid? RerunOf = null,
    IReadOnlyList<ReusedStep>? Reused = null);
