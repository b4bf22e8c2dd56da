using Platform.Pipelines.Loading;
using Platform.Pipelines.Model;

namespace Platform.Web.Runs;

/// <summary>A pipeline text as the validator sees it: the definition, or every error as <c>FILE:LINE:COL: error: MESSAGE</c>.</summary>
public sealed record PipelineCheck(PipelineDefinition? Pipeline, IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings)
{
    /// <summary>The name errors carry when a text came without one.</summary>
    public const string DefaultFile = "pipeline.yaml";

    public bool IsValid => Pipeline is not null && Errors.Count == 0;

    public static PipelineCheck Of(string text, string? file)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > Limits.MaxFileBytes)
        {
            return new PipelineCheck(null, [$"{file ?? DefaultFile}:1:1: error: the text is larger than {Limits.MaxFileBytes / 1024} KiB: a pipeline this big is a mistake"], []);
        }

        var loaded = PipelineLoader.Load(text.TrimStart('\uFEFF'), file ?? DefaultFile);
        var errors = loaded.Errors.OrderBy(d => d.Location.Line).ThenBy(d => d.Location.Column).Select(d => d.ToString()).ToList();
        return new PipelineCheck(loaded.IsValid ? loaded.Pipeline : null, errors, [.. loaded.Warnings.Select(d => d.ToString())]);
    }
}
