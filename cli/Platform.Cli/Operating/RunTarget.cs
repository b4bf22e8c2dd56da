using Platform.Storage;

namespace Platform.Cli.Operating;

/// <summary>Finds the run a user names (<see cref="RunLookup"/>), saying on stderr why when there is none.</summary>
internal static class RunTarget
{
    public static async Task<StoredRun?> FindAsync(IRunStore store, string text, TextWriter stderr, string storeShown)
    {
        var found = await RunLookup.FindAsync(store, text).ConfigureAwait(false);
        if (found.Run is { } run)
        {
            return run;
        }

        stderr.WriteLine(found.Ambiguous.Count > 1
            ? $"error: '{text}' names more than one run ({found.Ambiguous[0].RunId}, {found.Ambiguous[1].RunId}, …): give more of the id"
            : $"error: no run '{text}' in {storeShown}");
        return null;
    }
}
