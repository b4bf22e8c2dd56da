using Platform.Pipelines.Model;

namespace Platform.Pipelines.Loading;

/// <summary>
/// Separates a run's secrets from its inputs: a <c>type: secret</c> input given as an input still
/// counts as a secret, so its value never reaches the engine or the run store.
/// </summary>
public static class SecretBinder
{
    public static (Dictionary<string, string> Inputs, Dictionary<string, string> Secrets, List<string> Errors) Split(
        PipelineDefinition pipeline, IReadOnlyDictionary<string, string> inputs, IReadOnlyDictionary<string, string>? secrets)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(inputs);
        var declared = pipeline.Secrets.ToHashSet(StringComparer.Ordinal);
        var plain = new Dictionary<string, string>(StringComparer.Ordinal);
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new List<string>();
        foreach (var (name, value) in inputs)
        {
            (declared.Contains(name) ? found : plain)[name] = value;
        }

        foreach (var (name, value) in secrets ?? new Dictionary<string, string>())
        {
            if (declared.Contains(name))
            {
                found[name] = value;
            }
            else
            {
                errors.Add(declared.Count == 0
                    ? $"unknown secret '{name}': the pipeline declares no secrets"
                    : $"unknown secret '{name}' (secrets: {string.Join(", ", pipeline.Secrets)})");
            }
        }

        errors.AddRange(Missing(pipeline, found));
        return (plain, found, errors);
    }

    /// <summary>An error for each declared secret without a value.</summary>
    public static IEnumerable<string> Missing(PipelineDefinition pipeline, IReadOnlyDictionary<string, string> secrets)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(secrets);
        return pipeline.Secrets.Where(name => !secrets.ContainsKey(name))
            .Select(name => $"missing secret '{name}': give it with --secret {name} (read from the environment variable {name}) or --secret {name}=@FILE");
    }
}
