using Platform.Storage;

namespace Platform.Cli.Operating;

/// <summary>
/// Finds the run a user names: its GUID, a unique prefix of it (as shown in reports), or the name it
/// was given with <c>--run-id</c>.
/// </summary>
internal static class RunTarget
{
    public static async Task<StoredRun?> FindAsync(IRunStore store, string text, TextWriter stderr, string storeShown)
    {
        if (await store.GetRunAsync(RunIds.From(text)).ConfigureAwait(false) is { } exact)
        {
            return exact;
        }

        var prefix = text.Trim().ToLowerInvariant();
        if (prefix.Length >= 4 && prefix.All(c => char.IsAsciiHexDigit(c) || c == '-'))
        {
            var matches = await store.ListRunsAsync(new RunQuery(IdPrefix: prefix, Take: 2)).ConfigureAwait(false);
            if (matches.Count == 1)
            {
                return matches[0];
            }

            if (matches.Count > 1)
            {
                stderr.WriteLine($"error: '{text}' names more than one run ({matches[0].RunId}, {matches[1].RunId}, …): give more of the id");
                return null;
            }
        }

        stderr.WriteLine($"error: no run '{text}' in {storeShown}");
        return null;
    }
}
