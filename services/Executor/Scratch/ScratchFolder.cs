using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.ServiceDefaults.Files;

namespace Platform.Executor.Scratch;

/// <summary>
/// This Executor's folder for per-attempt scratch files (the rendered script, PLATFORM_OUTPUT):
/// <c>WorkRoot/INSTANCE</c>, 0700, its files 0600. A lock file held open while the process lives
/// marks it in use; when an Executor starts, the folders of Executors that died without cleaning up
/// (kill -9, a crash) are the ones whose lock it can take, and it removes them. With
/// <see cref="ExecutorOptions.KeepWorkspace"/> the folder stays when the Executor stops, its place logged.
/// </summary>
public sealed class ScratchFolder : IDisposable
{
    private readonly FileStream _lock;
    private readonly ILogger<ScratchFolder> _logger;
    private readonly bool _keep;

    public ScratchFolder(IOptions<ExecutorOptions> options, ILogger<ScratchFolder> logger)
    {
        _logger = logger;
        var settings = options.Value;
        _keep = settings.KeepWorkspace;
        PrivateFiles.CreateFolder(settings.WorkRoot);
        RemoveLeftovers(settings.WorkRoot);
        Path = System.IO.Path.Combine(settings.WorkRoot, settings.InstanceId);
        PrivateFiles.CreateFolder(Path);
        _lock = Lock(Path + ".lock", FileMode.Create)!;
    }

    public string Path { get; }

    /// <summary>A fresh name in the folder; the caller adds an extension and creates the file with <see cref="PrivateFiles"/>.</summary>
    public string NewName() => System.IO.Path.Combine(Path, Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (_keep)
        {
            // Without its lock file the folder is no leftover either: the next Executor leaves it alone.
            _lock.Dispose();
            File.Delete(Path + ".lock");
            _logger.LogWarning("Kept this Executor's branch layers and scratch files for debugging (Executor:KeepWorkspace): {Folder}", Path);
            return;
        }

        try
        {
            Directory.Delete(Path, recursive: true);
            File.Delete(Path + ".lock");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning(e, "Could not remove the scratch folder {Folder}", Path);
        }

        _lock.Dispose();
    }

    private void RemoveLeftovers(string root)
    {
        foreach (var lockFile in Directory.EnumerateFiles(root, "*.lock"))
        {
            using var taken = Lock(lockFile, FileMode.Open);
            if (taken is null)
            {
                continue; // a living Executor holds it
            }

            var folder = lockFile[..^".lock".Length];
            try
            {
                if (Directory.Exists(folder))
                {
                    Directory.Delete(folder, recursive: true);
                }

                File.Delete(lockFile);
                _logger.LogInformation("Removed the scratch files of an Executor that is gone: {Folder}", folder);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _logger.LogWarning(e, "Could not remove the leftover scratch folder {Folder}", folder);
            }
        }
    }

    /// <summary>The file opened exclusively (flock on Unix), or null when another process holds it.</summary>
    private static FileStream? Lock(string file, FileMode mode)
    {
        try
        {
            var options = new FileStreamOptions { Mode = mode, Access = FileAccess.ReadWrite, Share = FileShare.None };
            if (!OperatingSystem.IsWindows() && mode != FileMode.Open)
            {
                options.UnixCreateMode = PrivateFiles.FileMode;
            }

            return new FileStream(file, options);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
