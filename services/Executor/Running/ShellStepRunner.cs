using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.Executor.Environments;
using Platform.Executor.Processes;
using Platform.Executor.Resources;
using Platform.Executor.Scratch;
using Platform.Executor.Workspaces;
using Platform.ServiceDefaults.Files;

namespace Platform.Executor.Running;

/// <summary>
/// Runs a <c>run:</c> step: its commands, in order, as one bash script (so <c>cd</c> and variables
/// carry over between them) under <c>set -eo pipefail</c>, which stops at the first failing command
/// as GitHub Actions' bash does — or, for one simple command, the program itself
/// (<see cref="DirectCommand"/>). It runs in its own session and process group
/// (<see cref="SpawnedProcess"/>), its stdout and stderr into one log; on
/// cancel, timeout, or when it exits leaving background jobs, the whole group is killed; if the
/// Executor dies, its <see cref="ProcessGuardian"/> kills what is left.
/// </summary>
public sealed class ShellStepRunner(IOptions<ExecutorOptions> options, ProcessGuardian guardian, ScratchFolder scratchFolder, IResourceMeter meter,
    LiveOutputs liveOutputs, BranchWorkspaces workspaces, ResourceProgress resourceProgress, ILogger<ShellStepRunner> logger) : IStepRunner
{
    /// <summary>How long to keep reading output after the group is gone (a process that escaped it may hold the pipe).</summary>
    static readonly TimeSpan OutputDrainTimeout = TimeSpan.FromSeconds(2);

    /// <summary>bash, found once on the Executor's PATH.</summary>
    static readonly Lazy<string?> Bash = new(() =>
        DirectCommand.FindOnPath("bash", Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin", Environment.CurrentDirectory));

    public bool CanRun(ExecuteStep step) => step.Run is { Count: > 0 };

    public async Task<StepResult> RunAsync(ExecuteStep step, CancellationToken cancellation)
    {
        var settings = options.Value;
        var workdir = ResolveWorkdir(step.Workdir, workspaces.DirectoryOf(step.RunId));
        if (!Directory.Exists(workdir))
            return StepResult.Failed(null, $"working directory '{workdir}' does not exist", "");

        if (cancellation.IsCancellationRequested)
            return StepResult.Cancelled("");

        var scratch = scratchFolder.NewName();
        try
        {
            return await RunProcessAsync(step, workdir, scratch, settings, cancellation);
        }
        finally
        {
            foreach (var file in new[] { scratch + ".sh", scratch + ".out" })
            {
                try
                {
                    File.Delete(file);
                }
                catch (DirectoryNotFoundException)
                {
                    // The whole scratch folder is gone already (an executor stopped past its wait for dying steps).
                }
                catch (IOException exception)
                {
                    logger.LogWarning("Could not remove the scratch file {File}: {Error}", file, exception.Message);
                }
            }
        }
    }

    async Task<StepResult> RunProcessAsync(ExecuteStep step, string workdir, string scratch, ExecutorOptions settings, CancellationToken cancellation)
    {
        var outputPath = scratch + ".out";
        PrivateFiles.Create(outputPath); // empty, 0600; synchronous: an async create costs a thread-pool hop
        var environment = CreateEnvironment(step, outputPath, settings);
        var program = DirectCommand.TryParse(step.Run!, environment.GetValueOrDefault("PATH"), workdir, environment);
        if (program is null)
        {
            if (Bash.Value is not { } bash)
                return StepResult.Failed(null, "bash is not on the Executor's PATH", "");

            var scriptPath = scratch + ".sh";
            PrivateFiles.Write(scriptPath, BuildScript(step.Run!));
            program = [bash, "--noprofile", "--norc", scriptPath];
        }

        // A step of an isolated branch starts inside its layers (Workspaces/).
        var launch = workspaces.Prepare(step.RunId, step.Layers, step.DetachedLayers, workdir, program);
        program = [.. launch.Program];
        workdir = launch.Workdir;

        var log = new LogTail(settings.MaxLogBytes);
        await using var live = liveOutputs.Open(step); // flushed on the way out: the output is out before the result
        using var measurement = meter.Begin(environment);
        using var process = launch.Start(() => measurement.Spawn(() => SpawnedProcess.Start(program[0], [.. program.Skip(1)], environment, workdir, meter.MeasuresProcesses)), out var mountNamespace);
        using var unmount = DeferredUnmounts.ReleaseWhenDone(mountNamespace); // its overlay unmounted (and its filesystem synced) later, off this path
        measurement.Attach(process.Pid);
        using var progress = resourceProgress.Start(step, measurement); // a long step's figures so far, for progress lines
        using var drain = new CancellationTokenSource();
        var pump = PumpAsync(process.Output, log, live, drain.Token);

        var cancelled = false;
        try
        {
            await process.Exited.WaitAsync(cancellation);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            cancelled = true;
        }
        finally
        {
            // When cancelled: the whole tree. Otherwise: whatever the script left running in the background.
            measurement.SampleBeforeKill(cancelled);
            await ProcessGroup.KillAsync(process.Pid, settings.KillGracePeriod);
            workspaces.Ended(step.RunId, step.Layers); // its layer looked at now, not by the group's merge
        }

        var exitCode = await process.Exited.WaitAsync(OutputDrainTimeout, CancellationToken.None);
        drain.CancelAfter(OutputDrainTimeout);
        await pump;

        var resources = measurement.Complete(process.Reaped.IsCompletedSuccessfully ? process.Reaped.Result.Usage : null);

        if (cancelled)
            return StepResult.Cancelled(log.ToString()) with { Resources = resources };

        return (exitCode == 0
            ? StepResult.Succeeded(exitCode, StepOutputFile.Parse(outputPath), log.ToString())
            : StepResult.Failed(exitCode, $"exit code {exitCode}", log.ToString())) with { Resources = resources };
    }

    internal static string ResolveWorkdir(string? workdir, string root) =>
        string.IsNullOrWhiteSpace(workdir) ? root : Path.GetFullPath(workdir, root);

    static string BuildScript(IReadOnlyList<string> commands)
    {
        var script = new StringBuilder();
        script.Append("set -eo pipefail\n");
        foreach (var command in commands)
            script.Append(command).Append('\n');
        return script.ToString();
    }

    /// <summary>The Executor's environment, read once: steps get only what <see cref="StepEnvironment"/> lets through.</summary>
    static readonly Lazy<Dictionary<string, string>> ExecutorEnvironment = new(StepEnvironment.OfThisProcess);

    Dictionary<string, string> CreateEnvironment(ExecuteStep step, string outputPath, ExecutorOptions settings) =>
        StepEnvironment.Create(step, ExecutorEnvironment.Value, settings.PassEnvironment, new Dictionary<string, string>
        {
            ["PLATFORM_OUTPUT"] = outputPath,
            [ProcessGuardian.TokensVariable] = guardian.StepTokens,
        });

    static async Task PumpAsync(Stream stream, LogTail log, LiveOutput live, CancellationToken cancellation)
    {
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellation)) > 0)
            {
                log.Append(buffer.AsSpan(0, read));
                live.Append(buffer.AsSpan(0, read));
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The drain deadline passed or the pipe closed: the tail kept so far is the log.
        }
    }
}
