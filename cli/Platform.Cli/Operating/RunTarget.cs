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
            ? NamesSeveral(text, found.Ambiguous[0].RunId, found.Ambiguous[1].RunId)
            : $"error: no run '{text}' in {storeShown}");
        return null;
    }

    /// <summary>The error for a start of an id that several runs share (in a store the CLI reads, or a Coordinator's).</summary>
    public static string NamesSeveral(string text, Guid one, Guid another) =>
        $"error: '{text}' names more than one run ({one}, {another}, …): give more of the id";
}
