using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.Executor.Processes;

namespace Platform.Executor.Running;

/// <summary>
/// Runs a <c>run:</c> step: its commands, in order, as one bash script (so <c>cd</c> and variables
/// carry over between them) under <c>set -eo pipefail</c>, which stops at the first failing command
/// as GitHub Actions' bash does. The script runs in its own session and process group
/// (<c>setsid</c>) and dies with the Executor (<c>setpriv --pdeathsig KILL</c>); on cancel, timeout,
/// or when it exits leaving background jobs, the whole group is killed.
/// </summary>
public sealed class ShellStepRunner(IOptions<ExecutorOptions> options, ProcessLauncher launcher, ILogger<ShellStepRunner> logger) : IStepRunner
{
    /// <summary>How long to keep reading output after the group is gone (a process that escaped it may hold the pipe).</summary>
    static readonly TimeSpan OutputDrainTimeout = TimeSpan.FromSeconds(2);

    public bool CanRun(ExecuteStep step) => step.Run is { Count: > 0 };

    public async Task<StepResult> RunAsync(ExecuteStep step, CancellationToken cancellation)
    {
        var settings = options.Value;
        var workdir = ResolveWorkdir(step.Workdir, settings);
        if (!Directory.Exists(workdir))
            return StepResult.Failed(null, $"working directory '{workdir}' does not exist", "");

        if (cancellation.IsCancellationRequested)
            return StepResult.Cancelled("");

        var scratch = Directory.CreateDirectory(Path.Combine(settings.WorkRoot, Guid.NewGuid().ToString("N")));
        try
        {
            return await RunScriptAsync(step, workdir, scratch.FullName, settings, cancellation);
        }
        finally
        {
            try
            {
                scratch.Delete(recursive: true);
            }
            catch (IOException exception)
            {
                logger.LogWarning(exception, "Could not remove the scratch directory {Directory}", scratch.FullName);
            }
        }
    }

    async Task<StepResult> RunScriptAsync(ExecuteStep step, string workdir, string scratch, ExecutorOptions settings, CancellationToken cancellation)
    {
        var scriptPath = Path.Combine(scratch, "script.sh");
        var outputPath = Path.Combine(scratch, "output");
        await File.WriteAllTextAsync(scriptPath, BuildScript(step.Run!), CancellationToken.None);
        await File.WriteAllBytesAsync(outputPath, [], CancellationToken.None);

        var log = new LogTail(settings.MaxLogBytes);
        using var process = await launcher.StartAsync(CreateStartInfo(step, workdir, scriptPath, outputPath));
        var groupId = process.Id;
        process.StandardInput.Close();

        using var drain = new CancellationTokenSource();
        var pumps = Task.WhenAll(
            PumpAsync(process.StandardOutput.BaseStream, log, drain.Token),
            PumpAsync(process.StandardError.BaseStream, log, drain.Token));

        var cancelled = false;
        try
        {
            await ProcessGroup.WaitUntilLeaderAsync(process);
            await process.WaitForExitAsync(cancellation);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            cancelled = true;
        }
        finally
        {
            // When cancelled: the whole tree. Otherwise: whatever the script left running in the background.
            await ProcessGroup.KillAsync(groupId, settings.KillGracePeriod);
        }

        await process.WaitForExitAsync(CancellationToken.None).WaitAsync(OutputDrainTimeout, CancellationToken.None);
        drain.CancelAfter(OutputDrainTimeout);
        await pumps;

        if (cancelled)
            return StepResult.Cancelled(log.ToString());

        var exitCode = process.ExitCode;
        return exitCode == 0
            ? StepResult.Succeeded(exitCode, StepOutputFile.Parse(outputPath), log.ToString())
            : StepResult.Failed(exitCode, $"exit code {exitCode}", log.ToString());
    }

    static string ResolveWorkdir(string? workdir, ExecutorOptions settings)
    {
        var root = settings.DefaultWorkdir ?? Environment.CurrentDirectory;
        return string.IsNullOrWhiteSpace(workdir) ? root : Path.GetFullPath(workdir, root);
    }

    static string BuildScript(IReadOnlyList<string> commands)
    {
        var script = new StringBuilder();
        script.Append("exec 2>&1\n");
        // No orphans: pdeathsig kills bash alone when the executor dies outright (kill -9), so a
        // watchdog in the step's process group kills the whole group within a second. It is forked
        // twice so the script's own `wait` never waits for it; the executor's group kill ends it.
        script.Append("( ( while kill -0 \"$PLATFORM_EXECUTOR_PID\" 2>/dev/null; do sleep 1; done; kill -KILL -- -$$ ) </dev/null >/dev/null 2>&1 & )\n");
        script.Append("set -eo pipefail\n");
        foreach (var command in commands)
            script.Append(command).Append('\n');
        return script.ToString();
    }

    static ProcessStartInfo CreateStartInfo(ExecuteStep step, string workdir, string scriptPath, string outputPath)
    {
        var startInfo = new ProcessStartInfo("setpriv")
        {
            WorkingDirectory = workdir,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        // setpriv sets the parent-death signal, then execs setsid, which (not being a group leader)
        // calls setsid() without forking and execs bash: one pid throughout, and it leads the group.
        foreach (var argument in new[] { "--pdeathsig", "KILL", "--", "setsid", "bash", "--noprofile", "--norc", scriptPath })
            startInfo.ArgumentList.Add(argument);

        foreach (var (name, value) in step.Env)
            startInfo.Environment[name] = value;
        startInfo.Environment["PLATFORM_OUTPUT"] = outputPath;
        startInfo.Environment["PLATFORM_EXECUTOR_PID"] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        startInfo.Environment["PLATFORM_RUN_ID"] = step.RunId.ToString();
        startInfo.Environment["PLATFORM_STEP_ID"] = step.StepId;
        startInfo.Environment["PLATFORM_ATTEMPT"] = step.Attempt.ToString(CultureInfo.InvariantCulture);
        return startInfo;
    }

    static async Task PumpAsync(Stream stream, LogTail log, CancellationToken cancellation)
    {
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellation)) > 0)
                log.Append(buffer.AsSpan(0, read));
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The drain deadline passed or the pipe closed: the tail kept so far is the log.
        }
    }
}
