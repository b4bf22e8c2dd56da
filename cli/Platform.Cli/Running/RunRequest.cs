namespace Platform.Cli.Running;

/// <summary>Everything <c>platform run</c> was asked to do.</summary>
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
    Guid? RerunOf = null,
    IReadOnlyList<Contracts.ReusedStep>? Reused = null);
