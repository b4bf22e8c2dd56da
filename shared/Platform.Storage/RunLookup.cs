namespace Platform.Storage;

/// <summary>
/// Finds the run a user names: its GUID, the name it was given (<see cref="RunIds"/>), or a unique start of
/// its id (as reports show it). <see cref="Ambiguous"/> holds two candidates when a prefix names several.
/// </summary>
public sealed record RunLookup(StoredRun? Run, IReadOnlyList<StoredRun> Ambiguous)
{
    public static async Task<RunLookup> FindAsync(IRunStore store, string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(text);
        if (await store.GetRunAsync(RunIds.From(text), cancellationToken).ConfigureAwait(false) is { } exact)
        {
            return new RunLookup(exact, []);
        }

        var prefix = text.Trim().ToLowerInvariant();
        if (prefix.Length >= 4 && prefix.All(c => char.IsAsciiHexDigit(c) || c == '-'))
        {
            var matches = await store.ListRunsAsync(new RunQuery(IdPrefix: prefix, Take: 2), cancellationToken).ConfigureAwait(false);
            return matches.Count == 1 ? new RunLookup(matches[0], []) : new RunLookup(null, matches);
        }

        return new RunLookup(null, []);
    }
}
