using System.Diagnostics;

namespace Platform.Integration.Tests;

/// <summary>
/// The short version of <c>bench/faults</c>: one trial of each fault (kill -9 of the embedded CLI then
/// resume, of a Coordinator, of an Executor; a broker restart; a rolling restart), on a RabbitMQ node of
/// the command's own. It exits non-zero when a trial lost a step, re-ran one after its recorded
/// success, hung or left a process behind.
/// </summary>
[Collection(SystemCollection.Name)]
public class FaultTrialTests
{
    [Fact]
    public async Task One_trial_of_each_fault_loses_nothing_reruns_nothing_done_and_leaves_nothing_behind()
    {
        Assert.SkipUnless(File.Exists("/usr/sbin/rabbitmq-server") || File.Exists("/usr/lib/rabbitmq/bin/rabbitmq-server"),
            "needs rabbitmq-server installed (bench/faults starts a node of its own)");
        var reportFile = Path.Combine(Path.GetTempPath(), $"faults-{Guid.NewGuid():N}.md");
        var info = new ProcessStartInfo(Path.Combine(ServiceProcess.RepoRoot, "bench", "faults"),
            ["--trials", "1", "--config", ServiceProcess.Configuration, "--no-build", "--out", reportFile, "--hang", "60",
                // A node of this run's own, apart from a long bench/faults or another checkout's test run.
                "--node", $"faults-test-{Guid.NewGuid():N}"[..20] + "@localhost", "--port", FreePort(), "--dist-port", FreePort()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = ServiceProcess.RepoRoot,
        };
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await process.WaitForExitAsync(timeout.Token);

        var report = File.Exists(reportFile) ? await File.ReadAllTextAsync(reportFile) : "(no report)";
        Assert.True(process.ExitCode == 0, $"bench/faults exited {process.ExitCode}\n{await stdout}\n{await stderr}\n{report}");
        File.Delete(reportFile);
    }

    private static string FreePort()
    {
        using var socket = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        socket.Start();
        return ((System.Net.IPEndPoint)socket.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
