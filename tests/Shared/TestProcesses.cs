using System.Diagnostics;
using System.Globalization;

namespace Platform.Tests.Shared;

/// <summary>What several test projects ask of the machine: is a process alive, is Docker there, wait for a condition.</summary>
internal static class TestProcesses
{
    /// <summary>kill -0: true while the process exists (a zombie reaped by its parent is gone).</summary>
    public static bool Alive(int pid)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-0", pid.ToString(CultureInfo.InvariantCulture)]) { RedirectStandardError = true })!;
        kill.WaitForExit();
        return kill.ExitCode == 0;
    }

    public static bool DockerAvailable()
    {
        try
        {
            using var docker = Process.Start(new ProcessStartInfo("docker", "info") { RedirectStandardOutput = true, RedirectStandardError = true });
            return docker is not null && docker.WaitForExit(10_000) && docker.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    /// <summary>
    /// Waits for <paramref name="process"/> to exit (and its output to close); after <paramref name="timeout"/>
    /// (default 2 min) kills its whole tree and fails the test, so a process that never ends is a named
    /// failure instead of a test run that hangs until CI gives up.
    /// </summary>
    public static async Task ExitWithin(this Process process, TimeSpan? timeout = null)
    {
        var bound = timeout ?? TimeSpan.FromMinutes(2);
        using var expired = new CancellationTokenSource(bound);
        try
        {
            await process.WaitForExitAsync(expired.Token);
        }
        catch (OperationCanceledException)
        {
            var command = string.Join(' ', process.StartInfo.ArgumentList.Skip(1));
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // it exited just now: its output still did not close, which is what this reports
            }

            throw new TimeoutException($"'{command}' (pid {process.Id}) did not end within {bound}; killed");
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails the test after <paramref name="timeout"/> (default 60 s).</summary>
    public static async Task WaitFor(Func<bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"condition not met within {timeout ?? TimeSpan.FromSeconds(60)}");
            }

            await Task.Delay(20);
        }
    }
}
