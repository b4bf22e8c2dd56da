namespace Platform.Pipelines.Loading;

/// <summary>The keys each mapping of a pipeline file may hold (docs/pipelines.md).</summary>
internal static class KnownKeys
{
    public static readonly string[] Pipeline =
        ["id", "description", "inputs", "secrets", "concurrency", "failFast", "timeout", "mode", "steps", "finally", "notify", "runs", "onConflict"];

    /// <summary>The keys of the pipeline's <c>runs:</c> concurrency group.</summary>
    public static readonly string[] Runs = ["key", "limit", "onLimit", "maxQueued"];

    public static readonly string[] Input = ["type", "default", "description"];

    public static readonly string[] Notify = ["on", "webhook", "email", "log"];

    public static readonly string[] Actions = ["run", "sleep", "http", "approval"];

    public static readonly string[] GroupKinds = ["parallel", "sequential", "dag", "forEach"];

    /// <summary>Fields any step or group may have.</summary>
    public static readonly string[] Common = ["id", "name", "if", "timeout", "needs", "when", "allowFailure", "lock"];

    public static readonly string[] Step = [.. Common, "retry", "env", "workdir", "artifacts", .. Actions];

    /// <summary>A step's keys plus group kinds: `paralel` in a step is probably a group.</summary>
    public static readonly string[] StepSuggestions = [.. Step, .. GroupKinds];

    public static readonly string[] Retry = ["attempts", "delay", "backoff", "maxDelay"];

    public static readonly string[] Http = ["url", "method", "headers", "body", "expect"];

    /// <summary>The keys of a <c>lock: { name, limit }</c> mapping.</summary>
    public static readonly string[] Lock = ["name", "limit"];

    public static readonly string[] Approval = ["message", "timeout", "approvers"];

    public static readonly string[] HttpMethods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

    /// <summary>How a parallel group's or forEach's branches see the directory (<see cref="WorkspaceReader"/>).</summary>
    public static readonly string[] Workspace = ["isolate", "onConflict"];

    /// <summary>A group's own options, accepted beside the kind key and inside its mapping.</summary>
    public static string[] Group(string kind) => kind switch
    {
        "parallel" => [.. Common, "steps", "concurrency", "wait", "failFast", "stagger", .. Workspace],
        "sequential" => [.. Common, "steps", "failFast"],
        "dag" => [.. Common, "steps", "concurrency", "failFast"],
        _ => [.. Common, "items", "steps", "concurrency", "failFast", "stagger", .. Workspace],
    };
}
