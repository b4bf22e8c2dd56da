using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Pipelines.Loading;

namespace Platform.Web.Api;

/// <summary>A submission's pipeline text: given in the body, or read from a file inside the allowed pipeline folder (never outside it).</summary>
internal static class SubmittedText
{
    public static async Task<(string? Text, string? File, ProblemHttpResult? Problem)> ReadAsync(SubmitRunBody body, WebOptions options,
        CancellationToken cancellationToken)
    {
        if (body.Pipeline is { Length: > 0 } text)
        {
            return body.File is null ? (text, null, null) : (null, null, Problems.BadRequest("Give either pipeline (the text) or file, not both"));
        }

        if (body.File is not { Length: > 0 } file)
        {
            return (null, null, Problems.BadRequest("A submission needs pipeline: the pipeline's YAML text"));
        }

        if (options.PipelineFolder is not { } folder)
        {
            return (null, null, Problems.BadRequest("This server has no pipeline folder: send the pipeline's text instead of a file"));
        }

        var root = Path.GetFullPath(folder);
        var path = Path.GetFullPath(Path.Combine(root, file));
        if (!path.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(path))
        {
            return (null, null, Problems.BadRequest($"no pipeline file '{file}' in the server's pipeline folder"));
        }

        if (new FileInfo(path).Length > Limits.MaxFileBytes)
        {
            return (null, null, Problems.InvalidPipeline([$"{file}:1:1: error: the file is larger than {Limits.MaxFileBytes / 1024} KiB"]));
        }

        return (await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false), file, null);
    }
}
