using Platform.Pipelines.Loading;
using Platform.Pipelines.Model;

namespace Platform.Cli;

/// <summary>Loads a pipeline file for a command, printing every error as FILE:LINE:COL: error: MESSAGE.</summary>
internal static class PipelineFile
{
    public static PipelineDefinition? Load(string path, TextWriter stderr)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"{path}: error: cannot read the file: {e.Message}");
            return null;
        }

        var result = PipelineLoader.Load(text, path);
        foreach (var error in result.Errors.Concat(result.Warnings).OrderBy(d => d.Location.Line).ThenBy(d => d.Location.Column))
        {
            stderr.WriteLine(error.ToString());
        }

        return result.IsValid ? result.Pipeline : null;
    }

    /// <summary>Parses repeated <c>key=value</c> options; reports malformed ones.</summary>
    public static Dictionary<string, string>? Pairs(IEnumerable<string> pairs, string option, TextWriter stderr)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                stderr.WriteLine($"error: {option} expects NAME=VALUE, got '{pair}'");
                return null;
            }

            result[pair[..eq]] = pair[(eq + 1)..];
        }

        return result;
    }
}
