namespace Platform.Pipelines.Loading;

/// <summary>
/// Ids for steps and groups written without one: the kind and the path of 1-based positions
/// (`step-2`, `step-3-1`, `parallel-4`, `finally-step-1`), so a report line leads back to the
/// file. A generated id never takes one the user wrote elsewhere: it then gets a suffix.
/// </summary>
internal sealed class IdGenerator(IReadOnlySet<string> explicitIds)
{
    private readonly HashSet<string> _generated = [];

    public string Generate(string kind, string path)
    {
        var id = $"{kind}-{path}";
        for (var n = 2; explicitIds.Contains(id) || _generated.Contains(id); n++)
        {
            id = $"{kind}-{path}_{n}";
        }

        _generated.Add(id);
        return id;
    }
}
