using Platform.Pipelines.Model;
using YamlDotNet.RepresentationModel;

namespace Platform.Pipelines.Loading;

/// <summary>
/// Reads a step's <c>artifacts:</c> globs. A glob must stay inside the step's working directory (no
/// absolute path, no <c>..</c>), and two steps of one pipeline may not declare the same one: an
/// artifact has one author, never the last writer.
/// </summary>
internal sealed class ArtifactReader(ReaderContext context, ValueReader values)
{
    private readonly Dictionary<string, (string StepId, SourceLocation At)> _declared = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Read(YamlNode node, string stepId)
    {
        if (values.StringList(node, "artifacts") is not { } entries)
        {
            return [];
        }

        var globs = new List<string>();
        foreach (var (text, at) in entries)
        {
            var glob = text.Trim();
            if (EscapeReason(glob) is { } reason)
            {
                context.Error(at, $"artifact '{YamlShape.Shorten(glob)}' {reason}: artifacts are paths inside the step's working directory");
                continue;
            }

            var normalized = Normalize(glob);
            if (_declared.TryGetValue(normalized, out var first) && first.StepId != stepId)
            {
                context.Error(at, $"artifact '{YamlShape.Shorten(glob)}' is declared by both '{first.StepId}' ({first.At}) and '{stepId}': give each artifact one step");
                continue;
            }

            _declared.TryAdd(normalized, (stepId, context.At(at)));
            if (!globs.Contains(normalized))
            {
                globs.Add(normalized);
            }
        }

        return globs;
    }

    private static string? EscapeReason(string glob)
    {
        if (glob.Length == 0)
        {
            return "is empty";
        }

        if (glob.StartsWith('/') || glob.StartsWith('\\') || glob.StartsWith('~') || (glob.Length > 1 && glob[1] == ':'))
        {
            return "is an absolute path";
        }

        return glob.Split('/', '\\').Any(s => s == "..") ? "escapes the workspace ('..')" : null;
    }

    private static string Normalize(string glob) =>
        string.Join('/', glob.Replace('\\', '/').Split('/').Where(s => s.Length > 0 && s != "."));
}
