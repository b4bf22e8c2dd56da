using System.Diagnostics;

namespace Platform.Executor.Telemetry;

/// <summary>The Executor's ActivitySource: a host adds <see cref="SourceName"/> to its tracer to see step attempts.</summary>
public static class ExecutorTelemetry
{
    public const string ServiceName = "platform-executor";

    public const string SourceName = "Platform.Executor";

    public static readonly ActivitySource ActivitySource = new(SourceName);

    /// <summary>The span of one attempt, under <paramref name="parent"/> (default: the current activity).</summary>
    public static Activity? StartAttempt(Contracts.ExecuteStep step, string executorId, ActivityContext parent = default)
    {
        var activity = ActivitySource.StartActivity("step.attempt", ActivityKind.Internal, parent);
        activity?.SetTag("run.id", step.RunId.ToString());
        activity?.SetTag("step.id", step.StepId);
        activity?.SetTag("attempt", step.Attempt);
        activity?.SetTag("executor.id", executorId);
        return activity;
    }
}
