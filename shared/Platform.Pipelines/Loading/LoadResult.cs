using Platform.Pipelines.Model;

namespace Platform.Pipelines.Loading;

/// <summary>A valid pipeline, or every error found (never both).</summary>
public sealed record LoadResult(PipelineDefinition? Pipeline, IReadOnlyList<Diagnostic> Errors)
{
    /// <summary>Allowed, but probably not what the author meant; in file order.</summary>
    public IReadOnlyList<Diagnostic> Warnings { get; init; } = [];

    public bool IsValid => Pipeline is not null && Errors.Count == 0;
}
