using System.Security.Cryptography;
using System.Text;

namespace Platform.Storage;

/// <summary>
/// What makes two submissions the same run: the pipeline text and the inputs (secrets are never part
/// of it). <c>run --run-id</c> of a finished run is accepted only with the same fingerprint.
/// </summary>
public static class RunFingerprint
{
    public static string Of(string pipelineYaml, IReadOnlyDictionary<string, string> inputs)
    {
        var text = new StringBuilder(pipelineYaml).Append('\0');
        foreach (var (name, value) in inputs.OrderBy(i => i.Key, StringComparer.Ordinal))
        {
            text.Append(name).Append('=').Append(value).Append('\0');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    public static string Of(StoredRun run) => Of(run.PipelineYaml, run.Inputs);
}
