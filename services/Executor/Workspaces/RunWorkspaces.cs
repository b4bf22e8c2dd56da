using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Platform.Executor.Workspaces;

/// <summary>
/// Where a run's steps work on this host. With <see cref="ExecutorOptions.WorkspaceRoot"/> (a standalone
/// Executor): a directory of the run's own, <c>WorkspaceRoot/RUNID</c>, created at its first step and removed
/// when the run finishes (leftovers of a crash when the Executor next starts) unless
/// <see cref="ExecutorOptions.KeepWorkspace"/>. Without it (the embedded CLI): the directory it was started
/// in (or <see cref="ExecutorOptions.DefaultWorkdir"/>), as make does, never removed.
/// </summary>
public sealed class RunWorkspaces(IOptions<ExecutorOptions> options, ILogger<RunWorkspaces> logger)
{
    private readonly ExecutorOptions _options = options.Value;
    private int _leftoversRemoved;

    /// <summary>True when each run gets a directory of its own under the WorkspaceRoot.</summary>
    public bool PerRun => !string.IsNullOrWhiteSpace(_options.WorkspaceRoot);

    /// <summary>The run's directory (created when per run): steps without a <c>workdir</c> run here.</summary>
    public string DirectoryOf(Guid runId)
    {
        if (!PerRun)
        {
            return _options.DefaultWorkdir ?? Environment.CurrentDirectory;
        }

        var path = PathOf(runId);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }

    /// <summary>Why the run's workspace is over <see cref="ExecutorOptions.MaxWorkspaceBytes"/>; null when within it (or there is no cap).</summary>
    public string? OverCap(Guid runId)
    {
        if (!PerRun || _options.MaxWorkspaceBytes is not { } cap || !Directory.Exists(PathOf(runId)))
        {
            return null;
        }

        // Symbolic links are not followed: a link to a large tree elsewhere is not the run's disk.
        var used = new DirectoryInfo(PathOf(runId))
            .EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true })
            .Sum(f => f.Length);
        return used > cap
            ? string.Create(CultureInfo.InvariantCulture,
                $"the run's workspace on this host holds {used / (1024.0 * 1024):0.0} MB, over the {cap / (1024.0 * 1024):0.##} MB cap (Executor:MaxWorkspaceBytes)")
            : null;
    }

    /// <summary>The run finished: its directory goes, unless kept for debugging.</summary>
    public void Remove(Guid runId)
    {
        if (PerRun && !_options.KeepWorkspace)
        {
            Delete(PathOf(runId));
        }
    }

    /// <summary>
    /// At start, once: what runs left behind when an Executor was killed. Once only, since a host that
    /// starts its steps before its hosted services (the embedded CLI) calls it first itself: the second
    /// call would take its own run's workspace for a leftover.
    /// </summary>
    public void RemoveLeftovers()
    {
        if (Interlocked.Exchange(ref _leftoversRemoved, 1) == 1 || !PerRun || _options.KeepWorkspace || !Directory.Exists(Root))
        {
            return;
        }

        foreach (var run in Directory.EnumerateDirectories(Root).Where(d => Guid.TryParse(Path.GetFileName(d), out _)))
        {
            Delete(run);
        }
    }

    private string Root => Path.GetFullPath(_options.WorkspaceRoot!);

    private string PathOf(Guid runId) => Path.Combine(Root, runId.ToString());

    private void Delete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(e, "Could not remove the run workspace {Path}; the Executor's next start will try again", path);
        }
    }
}
