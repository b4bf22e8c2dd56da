using Platform.Pipelines.Model;

namespace Platform.Pipelines.Loading;

/// <summary>A problem in a pipeline file, printed as `FILE:LINE:COL: error: MESSAGE`.</summary>
public sealed record Diagnostic(SourceLocation Location, string Message)
{
    public override string ToString() => $"{Location}: error: {Message}";
}
