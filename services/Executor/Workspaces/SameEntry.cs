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

    /// <summary>
    /// What <see cref="Equal"/> compares, kept after the path itself is gone (a merged file moved on):
    /// the kind, the mode, and a SHA-256 of the content or the link's target; "absent" when nothing is there.
    /// </summary>
    public static string Fingerprint(string? path)
    {
        if (Describe(path) is not { } entry)
        {
            return "absent";
        }

        var what = entry.Kind switch
        {
            EntryKind.Directory => "",
            EntryKind.Link => entry.Info.LinkTarget!,
            _ => Hash(path!),
        };
        return $"{entry.Kind}:{(int)entry.Mode}:{what}";
    }

    private static string Hash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(stream));
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
