namespace Platform.Pipelines.Loading;

/// <summary>
/// The last pipelines loaded in this process, by file name and text. Loading is a pure function of the two
/// and its result is immutable, so a text loaded again (the CLI's check and the Coordinator's in one process,
/// the API's check and the run's, every run of a pipeline submitted again and again) is not parsed again.
/// Bounded by entries and by text kept; the oldest go first.
/// </summary>
internal static class LoadCache
{
    public const int MaxEntries = 64;
    public const long MaxChars = 8L * 1024 * 1024;

    private static readonly Dictionary<(string File, string Text), LinkedListNode<Entry>> ByKey = [];
    private static readonly LinkedList<Entry> Newest = [];
    private static readonly Lock Guard = new();
    private static long _chars;

    public static LoadResult GetOrLoad(string text, string file, Func<string, string, LoadResult> load)
    {
        var key = (file, text);
        lock (Guard)
        {
            if (ByKey.TryGetValue(key, out var found))
            {
                Newest.Remove(found);
                Newest.AddFirst(found);
                return found.Value.Result;
            }
        }

        var result = load(text, file); // outside the lock: two loads of one new text at once both parse, and agree
        lock (Guard)
        {
            if (!ByKey.ContainsKey(key) && text.Length <= MaxChars)
            {
                ByKey[key] = Newest.AddFirst(new Entry(key, result));
                _chars += text.Length;
                while (ByKey.Count > MaxEntries || _chars > MaxChars)
                {
                    var oldest = Newest.Last!;
                    Newest.RemoveLast();
                    ByKey.Remove(oldest.Value.Key);
                    _chars -= oldest.Value.Key.Text.Length;
                }
            }
        }

        return result;
    }

    private sealed record Entry((string File, string Text) Key, LoadResult Result);
}
