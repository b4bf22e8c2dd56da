namespace Platform.Executor.Workspaces;

/// <summary>Whether two paths hold the same thing: both absent, or the same kind with the same mode and content (or link target).</summary>
internal static class SameEntry
{
    public static bool Equal(string? a, string? b)
    {
        var left = Describe(a);
        var right = Describe(b);
        if (left is null || right is null)
        {
            return left is null && right is null;
        }

        if (left.Value.Kind != right.Value.Kind || left.Value.Mode != right.Value.Mode)
        {
            return false;
        }

        return left.Value.Kind switch
        {
            EntryKind.Directory => true,
            EntryKind.Link => left.Value.Info.LinkTarget == right.Value.Info.LinkTarget,
            _ => SameBytes(a!, b!),
        };
    }

    private static (EntryKind Kind, UnixFileMode Mode, FileSystemInfo Info)? Describe(string? path)
    {
        if (path is null)
        {
            return null;
        }

        FileSystemInfo info = Directory.Exists(path) && new DirectoryInfo(path).LinkTarget is null ? new DirectoryInfo(path) : new FileInfo(path);
        if (!info.Exists && info.LinkTarget is null)
        {
            return null;
        }

        var kind = info.LinkTarget is not null ? EntryKind.Link : info is DirectoryInfo ? EntryKind.Directory : EntryKind.File;
        return (kind, kind == EntryKind.Link ? 0 : info.UnixFileMode, info);
    }

    private static bool SameBytes(string a, string b)
    {
        using var left = File.OpenRead(a);
        using var right = File.OpenRead(b);
        if (left.Length != right.Length)
        {
            return false;
        }

        Span<byte> x = stackalloc byte[8192];
        Span<byte> y = stackalloc byte[8192];
        int read;
        while ((read = left.ReadAtLeast(x, x.Length, throwOnEndOfStream: false)) > 0)
        {
            right.ReadExactly(y[..read]);
            if (!x[..read].SequenceEqual(y[..read]))
            {
                return false;
            }
        }

        return true;
    }

    private enum EntryKind
    {
        File,
        Directory,
        Link,
    }
}
