namespace Platform.ServiceDefaults.Files;

/// <summary>
/// Files that may hold pipeline text, inputs, outputs or logs: readable by their owner only. Folders
/// Platform creates are 0700 and files 0600 (SQLite gives its -wal and -shm files the mode of the
/// database file). An existing folder keeps its mode: /tmp is not ours to change.
/// </summary>
public static class PrivateFiles
{
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates <paramref name="folder"/> and any missing parent as 0700.</summary>
    public static void CreateFolder(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
            return;
        }

        Directory.CreateDirectory(folder, FolderMode);
    }

    /// <summary>Creates the file empty as 0600 (or makes an existing one 0600), its folder as 0700.</summary>
    public static void Create(string file)
    {
        ArgumentException.ThrowIfNullOrEmpty(file);
        var folder = Path.GetDirectoryName(Path.GetFullPath(file));
        if (!string.IsNullOrEmpty(folder))
        {
            CreateFolder(folder);
        }

        if (OperatingSystem.IsWindows())
        {
            File.Open(file, System.IO.FileMode.OpenOrCreate).Dispose();
            return;
        }

        using (new FileStream(file, new FileStreamOptions { Mode = System.IO.FileMode.OpenOrCreate, Access = FileAccess.Write, UnixCreateMode = FileMode }))
        {
        }

        File.SetUnixFileMode(file, FileMode);
    }

    /// <summary>Writes <paramref name="text"/> to a new 0600 file.</summary>
    public static void Write(string file, string text)
    {
        if (OperatingSystem.IsWindows())
        {
            File.WriteAllText(file, text);
            return;
        }

        using var stream = new FileStream(file, new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = FileMode });
        using var writer = new StreamWriter(stream);
        writer.Write(text);
    }
}
