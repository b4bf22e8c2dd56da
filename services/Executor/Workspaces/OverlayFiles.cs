using System.Runtime.InteropServices;

namespace Platform.Executor.Workspaces;

/// <summary>
/// What overlayfs writes into an upper directory besides plain files, read and written with the libc
/// calls .NET does not expose: a whiteout (a character device 0/0: "deleted here") and an opaque
/// directory (xattr <c>trusted.overlay.opaque=y</c>: "replaces the directory below").
/// </summary>
internal static unsafe partial class OverlayFiles
{
    private const int AtCurrentDirectory = -100; // AT_FDCWD
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1; // STATX_TYPE
    private const int StatxSize = 256;
    private const int StatxModeOffset = 28; // u16 stx_mode
    private const int StatxRdevMajorOffset = 128;
    private const int StatxRdevMinorOffset = 132;
    private const int CharacterDevice = 0x2000; // S_IFCHR
    private const int FileTypeMask = 0xF000; // S_IFMT
    private const string OpaqueAttribute = "trusted.overlay.opaque";

    /// <summary>A whiteout: overlayfs's mark that the path was deleted in this layer.</summary>
    public static bool IsWhiteout(string path)
    {
        var buffer = stackalloc byte[StatxSize];
        if (Statx(AtCurrentDirectory, path, AtSymlinkNoFollow, StatxType, buffer) != 0)
        {
            return false;
        }

        var mode = *(ushort*)(buffer + StatxModeOffset);
        return (mode & FileTypeMask) == CharacterDevice
            && *(uint*)(buffer + StatxRdevMajorOffset) == 0 && *(uint*)(buffer + StatxRdevMinorOffset) == 0;
    }

    /// <summary>An opaque directory: what lies below it in lower layers is hidden.</summary>
    public static bool IsOpaque(string directory)
    {
        var value = stackalloc byte[4];
        var length = LGetXattr(directory, OpaqueAttribute, value, 4);
        return length == 1 && value[0] == (byte)'y';
    }

    /// <summary>Marks <paramref name="path"/> deleted in an upper directory (needs CAP_MKNOD: root).</summary>
    public static void MakeWhiteout(string path)
    {
        if (MkNod(path, CharacterDevice, 0) != 0)
        {
            throw new IOException($"cannot make the whiteout {path}: {Marshal.GetLastPInvokeErrorMessage()}");
        }
    }

    /// <summary>Marks a directory of an upper directory as replacing the one below (needs CAP_SYS_ADMIN: root).</summary>
    public static void MarkOpaque(string directory)
    {
        var value = (byte)'y';
        if (LSetXattr(directory, OpaqueAttribute, &value, 1, 0) != 0)
        {
            throw new IOException($"cannot mark {directory} opaque: {Marshal.GetLastPInvokeErrorMessage()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directoryFd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "lgetxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint LGetXattr(string path, string name, byte* value, nuint size);

    [LibraryImport("libc", EntryPoint = "lsetxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LSetXattr(string path, string name, byte* value, nuint size, int flags);

    [LibraryImport("libc", EntryPoint = "mknod", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MkNod(string path, int mode, ulong device);
}
