using System.Collections.Concurrent;
using System.Diagnostics;

namespace Platform.Executor.Processes;

/// <summary>
/// Starts step processes from one long-lived thread. Steps run under <c>setpriv --pdeathsig KILL</c>
/// so they die with the Executor, but Linux sends the parent-death signal when the *thread* that
/// forked the child exits (prctl(2), PR_SET_PDEATHSIG) — a thread-pool thread retiring would kill a
/// healthy step. This thread lives as long as the launcher; disposing it kills the steps it started.
/// </summary>
public sealed class ProcessLauncher : IDisposable
{
    readonly BlockingCollection<(ProcessStartInfo StartInfo, TaskCompletionSource<Process> Started)> _requests = [];
    readonly Thread _thread;

    public ProcessLauncher()
    {
        _thread = new Thread(StartRequestedProcesses) { IsBackground = true, Name = "platform-step-launcher" };
        _thread.Start();
    }

    public Task<Process> StartAsync(ProcessStartInfo startInfo)
    {
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        _requests.Add((startInfo, started));
        return started.Task;
    }

    public void Dispose() => _requests.CompleteAdding();

    void StartRequestedProcesses()
    {
        foreach (var (startInfo, started) in _requests.GetConsumingEnumerable())
        {
            try
            {
                started.SetResult(Process.Start(startInfo) ?? throw new InvalidOperationException($"'{startInfo.FileName}' did not start."));
            }
            catch (Exception exception)
            {
                started.SetException(exception);
            }
        }
    }
}
