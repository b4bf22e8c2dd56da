using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Platform.Executor.Processes;

/// <summary>
/// No orphans, at no cost per step: one small bash process per Executor, in a session of its own,
/// reading a pipe whose other end only this Executor holds. When the Executor exits or dies (even
/// kill -9) the pipe closes and the guardian kills every process that carries this Executor's
/// token in <see cref="TokensVariable"/> — every step's processes, including grandchildren that
/// left the step's process group — until none is left. Steps inherit the variable through their
/// environment, so nothing has to register; a process that clears its environment escapes, as it
/// would escape a process group.
/// </summary>
public sealed class ProcessGuardian(ILogger<ProcessGuardian> logger) : IDisposable
{
    /// <summary>Colon-separated tokens of every Executor a process runs under (a step may run an Executor of its own).</summary>
    public const string TokensVariable = "PLATFORM_EXECUTOR_TOKENS";

    // $1 is the token. `read` returns at end of file: the Executor is gone. Each round kills what carries
    // the token, with builtins only (no process per /proc entry), until a round finds nothing.
    const string Script = """
        exec >/dev/null 2>&1
        while read -r _; do :; done
        shopt -s nullglob
        for ((round = 0; round < 200; round++)); do
          found=0
          for environ in /proc/[0-9]*/environ; do
            mapfile -d '' -t vars < "$environ" || continue
            for v in "${vars[@]}"; do
              if [[ $v == "PLATFORM_EXECUTOR_TOKENS="* && ":${v#*=}:" == *":$1:"* ]]; then
                pid=${environ#/proc/}
                kill -KILL "${pid%/environ}" && found=1
                break
              fi
            done
          done
          ((found)) || exit 0
          sleep 0.05
        done
        """;

    readonly Lock _gate = new();
    readonly string _token = Guid.NewGuid().ToString("N");
    Process? _guardian;
    bool _disposed;

    /// <summary>The value of <see cref="TokensVariable"/> for a step started now: the inherited tokens plus this Executor's.</summary>
    public string StepTokens
    {
        get
        {
            EnsureRunning();
            return Environment.GetEnvironmentVariable(TokensVariable) is { Length: > 0 } inherited ? $"{inherited}:{_token}" : _token;
        }
    }

    /// <summary>Starts the guardian, or starts it again if something killed it (same token: it covers steps already running).</summary>
    void EnsureRunning()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_guardian is { HasExited: false })
                return;

            if (_guardian is not null)
            {
                logger.LogWarning("The process guardian (pid {Pid}) exited; starting it again", _guardian.Id);
                _guardian.Dispose();
            }

            // setsid: out of the Executor's process group, so a Ctrl-C or a group kill meant for the
            // Executor does not take its guardian with it. The Executor is not a group leader's child
            // here, so setsid execs bash in place and the pid is the guardian's.
            var start = new ProcessStartInfo("setsid") { RedirectStandardInput = true, UseShellExecute = false };
            foreach (var argument in new[] { "bash", "--noprofile", "--norc", "-c", Script, "platform-guardian", _token })
                start.ArgumentList.Add(argument);
            _guardian = Process.Start(start) ?? throw new InvalidOperationException("the process guardian did not start");
        }
    }

    /// <summary>Closing the pipe is the signal: the guardian kills what is left of this Executor's steps and exits.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
                return;

            _disposed = true;
            if (_guardian is null)
                return;

            _guardian.StandardInput.Close();
            _guardian.WaitForExit(TimeSpan.FromSeconds(5));
            _guardian.Dispose();
        }
    }
}
