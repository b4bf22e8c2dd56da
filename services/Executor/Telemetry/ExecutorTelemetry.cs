using System.Diagnostics;

namespace Platform.Executor.Telemetry;

/// <summary>The Executor's ActivitySource: a host adds <see cref="SourceName"/> to its tracer to see step attempts.</summary>
public static class ExecutorTelemetry
{
    public const string ServiceName = "platform-executor";

    public const string SourceName = "Platform.Executor";

    public static readonly ActivitySource ActivitySource = new(SourceName);
}
