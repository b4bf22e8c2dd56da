namespace Platform.Cli.Running;

/// <summary>
/// Everything <c>platform run</c> was asked to do. <see cref="CancelReason"/>: cancel the run as soon as it
/// is submitted or resumed (<c>cancel</c> of an interrupted run). <see cref="Attach"/>: submit nothing,
/// follow a run already under way (<c>watch --broker</c>, <c>run --run-id</c> of a live run). <see cref="KeepWorkspace"/>:
/// embedded, branch layers and scratch files stay after the run (<c>--keep-workspace</c>).
/// </summary>
internal sealed record RunRequest(
    string File,
    string PipelineYaml,
    IReadOnlyDictionary<string, string> Inputs,
    Guid RunId,
    string? BrokerUrl,
    int ExecutorSlots,
    bool Json,
    bool ShowLogs = false,
    string? Store = null,
    string? Name = null,
    bool Resume = false,
    IReadOnlyDictionary<string, string>? Secrets = null,
    TimeSpan? Timeout = null,
    string? CancelReason = null,
    bool Attach = false,
    int? ConcurrencyCap = null,
    Guid? RerunOf = null,
    IReadOnlyList<Contracts.ReusedStep>? Reused = null,
    bool KeepWorkspace = false);
