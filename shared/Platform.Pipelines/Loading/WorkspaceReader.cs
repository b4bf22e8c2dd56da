using Platform.Pipelines.Model;
using Platform.Pipelines.Validation;

namespace Platform.Pipelines.Loading;

/// <summary>
/// Reads how branches see the working directory: <c>isolate</c> (parallel and forEach groups) and
/// <c>onConflict: fail | warn | last-wins</c> (those groups and the pipeline).
/// </summary>
internal sealed class WorkspaceReader(ReaderContext context, ValueReader values)
{
    private static readonly string[] Policies = ["fail", "warn", "last-wins"];

    public ConflictPolicy? OnConflict(FieldSet fields)
    {
        if (fields.Value("onConflict") is not { } node || values.String(node, "onConflict") is not { } text)
        {
            return null;
        }

        switch (text)
        {
            case "fail": return ConflictPolicy.Fail;
            case "warn": return ConflictPolicy.Warn;
            case "last-wins": return ConflictPolicy.LastWins;
            default:
                context.Error(node, $"invalid onConflict '{YamlShape.Shorten(text)}': use {string.Join(", ", Policies)}{DidYouMean.Hint(text, Policies)}");
                return null;
        }
    }

    /// <summary><c>isolate</c> (unset: isolated).</summary>
    public bool? Isolate(FieldSet fields) =>
        fields.Value("isolate") is { } node ? values.Bool(node, "isolate") : null;
}
