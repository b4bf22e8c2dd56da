using Platform.Pipelines.Loading;
using Platform.Pipelines.Model;

namespace Platform.Cli;

/// <summary>Loads a pipeline file for a command, printing every error as FILE:LINE:COL: error: MESSAGE.</summary>
internal static class PipelineFile
{
    public static PipelineDefinition? Load(string path, TextWriter stderr) => Load(path, stderr, out _);

    /// <param name="text">The file's text, as it was validated (null when it could not be read).</param>
    public static PipelineDefinition? Load(string path, TextWriter stderr, out string? text)
    {
        text = Read(path, stderr);
        if (text is null)
        {
            return null;
        }

        var result = PipelineLoader.Load(text, path);
        foreach (var error in result.Errors.Concat(result.Warnings).OrderBy(d => d.Location.Line).ThenBy(d => d.Location.Column))
        {
            stderr.WriteLine(error.ToString());
        }

        return result.IsValid ? result.Pipeline : null;
    }

    /// <summary>
    /// The file's text, read only up to the size limit: a larger file (or /dev/zero) is refused after
    /// <see cref="Limits.MaxFileBytes"/> bytes, never read whole.
    /// </summary>
    public static string? Read(string path, TextWriter stderr)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
            var buffer = new byte[Limits.MaxFileBytes + 1];
            var length = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            if (length > Limits.MaxFileBytes)
            {
                stderr.WriteLine($"{path}:1:1: error: the file is larger than {Limits.MaxFileBytes / 1024} KiB: a pipeline this big is a mistake");
                return null;
            }

            return System.Text.Encoding.UTF8.GetString(buffer, 0, length).TrimStart('\uFEFF');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"{path}: error: cannot read the file: {e.Message}");
            return null;
        }
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
