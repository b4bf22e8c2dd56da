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
/// as GitHub Actions' bash does — or, for one simple command, the program itself
/// (<see cref="DirectCommand"/>). It runs in its own session and process group (<c>setsid</c>); on
/// cancel, timeout, or when it exits leaving background jobs, the whole group is killed; if the
/// Executor dies, its <see cref="ProcessGuardian"/> kills what is left.
/// </summary>
public sealed class ShellStepRunner(IOptions<ExecutorOptions> options, ProcessGuardian guardian, ILogger<ShellStepRunner> logger) : IStepRunner
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

        Directory.CreateDirectory(settings.WorkRoot);
        var scratch = Path.Combine(settings.WorkRoot, Guid.NewGuid().ToString("N"));
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
                catch (IOException exception)
                {
                    logger.LogWarning(exception, "Could not remove the scratch file {File}", file);
                }
            }
        }
    }

    async Task<StepResult> RunProcessAsync(ExecuteStep step, string workdir, string scratch, ExecutorOptions settings, CancellationToken cancellation)
    {
        var outputPath = scratch + ".out";
        await File.WriteAllBytesAsync(outputPath, [], CancellationToken.None);
        var startInfo = CreateStartInfo(step, workdir, outputPath);
        var program = DirectCommand.TryParse(step.Run!, startInfo.Environment.TryGetValue("PATH", out var path) ? path : null, workdir);
        if (program is null)
        {
            var scriptPath = scratch + ".sh";
            await File.WriteAllTextAsync(scriptPath, BuildScript(step.Run!), CancellationToken.None);
            program = ["bash", "--noprofile", "--norc", scriptPath];
        }

        // setsid (not a group leader's child, so it calls setsid() and execs in place): the step leads a
        // session and process group of its own, whose id is its pid.
        foreach (var argument in program)
            startInfo.ArgumentList.Add(argument);

        var log = new LogTail(settings.MaxLogBytes);
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("setsid did not start");
        process.StandardInput.Close();

        using var drain = new CancellationTokenSource();
        var pumps = Task.WhenAll(
            PumpAsync(process.StandardOutput.BaseStream, log, drain.Token),
            PumpAsync(process.StandardError.BaseStream, log, drain.Token));

        var cancelled = false;
        try
        {
            await process.WaitForExitAsync(cancellation);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            cancelled = true;
        }
        finally
        {
            // When cancelled: the whole tree. Otherwise: whatever the script left running in the background.
            await ProcessGroup.KillAsync(process, settings.KillGracePeriod);
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
        script.Append("set -eo pipefail\n");
        foreach (var command in commands)
            script.Append(command).Append('\n');
        return script.ToString();
    }

    ProcessStartInfo CreateStartInfo(ExecuteStep step, string workdir, string outputPath)
    {
        var startInfo = new ProcessStartInfo("setsid")
        {
            WorkingDirectory = workdir,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        foreach (var (name, value) in step.Env)
            startInfo.Environment[name] = value;
        startInfo.Environment["PLATFORM_OUTPUT"] = outputPath;
        startInfo.Environment[ProcessGuardian.TokensVariable] = guardian.StepTokens;
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
