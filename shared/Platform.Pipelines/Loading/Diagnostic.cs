using Platform.Pipelines.Model;

namespace Platform.Pipelines.Loading;

/// <summary>A problem in a pipeline file, printed as `FILE:LINE:COL: error: MESSAGE` (or `warning:`).</summary>
public sealed record Diagnostic(SourceLocation Location, string Message)
{
    /// <summary>A warning does not make the pipeline invalid.</summary>
    public bool IsWarning { get; init; }

    public override string ToString() => $"{Location}: {(IsWarning ? "warning" : "error")}: {Message}";
}
