using Platform.Pipelines.Model;

namespace Platform.Pipelines.Loading;

/// <summary>A valid pipeline, or every error found (never both).</summary>
public sealed record LoadResult(PipelineDefinition? Pipeline, IReadOnlyList<Diagnostic> Errors)
{
    public bool IsValid => Pipeline is not null && Errors.Count == 0;
}
