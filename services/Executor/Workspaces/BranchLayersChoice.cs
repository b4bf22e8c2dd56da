using System.Runtime.Versioning;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Platform.Executor.Processes;

namespace Platform.Executor.Workspaces;

/// <summary>
/// Chooses how branches are isolated, once per Executor: overlayfs if <c>unshare</c> and <c>mount</c>
/// are here and a trial overlay mounts in a namespace of its own (root: a mount namespace; otherwise a
/// user namespace too), else the copy.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal static class BranchLayersChoice
{
    private static readonly TimeSpan TrialTimeout = TimeSpan.FromSeconds(5);

    public static IBranchLayers Choose(BranchIsolation isolation, LayerPaths paths, ILogger logger)
    {
        var why = "";
        if (isolation != BranchIsolation.Copy && TryOverlay(paths, out var overlay, out why))
        {
            logger.LogDebug("Isolated branches use overlayfs");
            return overlay;
        }

        if (isolation == BranchIsolation.Overlay)
        {
            throw new InvalidOperationException($"Executor:Isolation is Overlay, but overlayfs cannot be used here: {why}");
        }

        logger.LogInformation("Isolated branches use a copy of the directory each{Why}", isolation == BranchIsolation.Copy ? "" : $" (overlayfs: {why})");
        return new CopyLayers(paths);
    }

    private static bool TryOverlay(LayerPaths paths, out IBranchLayers overlay, out string why)
    {
        overlay = null!;
        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin";
        var unshare = DirectCommand.FindOnPath("unshare", path + ":/usr/bin:/bin", "/");
        var mount = DirectCommand.FindOnPath("mount", path + ":/usr/bin:/bin", "/");
        if (!OperatingSystem.IsLinux() || unshare is null || mount is null || !File.Exists("/bin/sh"))
        {
            why = "needs Linux with unshare, mount and /bin/sh";
            return false;
        }

        var candidate = new OverlayLayers(paths, unshare, mount, Environment.IsPrivilegedProcess);
        var trialRun = Guid.NewGuid();
        var dir = Path.Combine(paths.Run(trialRun), "trial-dir");
        try
        {
            Directory.CreateDirectory(dir);
            var launch = candidate.Prepare(trialRun, ["trial"], dir, dir, ["/bin/sh", "-c", "echo x > written"]);
            using var process = launch.Start(() => Process.Start(new ProcessStartInfo(launch.Program[0], launch.Program.Skip(1))
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                WorkingDirectory = dir,
            })!, out var trialNamespace);
            using var heldNamespace = trialNamespace; // closed (unmounted) when the trial is over
            if (!process.WaitForExit(TrialTimeout))
            {
                process.Kill(entireProcessTree: true);
                why = "a trial mount did not finish";
                return false;
            }

            var error = process.StandardError.ReadToEnd().Trim();
            if (process.ExitCode != 0 || File.Exists(Path.Combine(dir, "written"))
                || !File.Exists(Path.Combine(paths.Layer(trialRun, "trial"), "upper", "written")))
            {
                why = $"a trial mount failed ({(error.Length > 0 ? error : "exit code " + process.ExitCode)})";
                return false;
            }

            overlay = candidate;
            why = "";
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            why = e.Message;
            return false;
        }
        finally
        {
            try
            {
                Directory.Delete(paths.Run(trialRun), recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Left for the scratch folder's removal.
            }
        }
    }
}
