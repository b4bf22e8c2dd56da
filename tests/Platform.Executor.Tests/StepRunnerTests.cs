using Platform.Tests.Shared;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts;
using Platform.Executor.Cancellation;
using Platform.Executor.Extensions;
using Platform.Executor.Running;

namespace Platform.Executor.Tests;

/// <summary>The Executor's step runners on real processes, files and sockets.</summary>
public sealed class StepRunnerTests : IAsyncDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddExecutor(o => o.MaxLogBytes = 4096).BuildServiceProvider();
    private readonly string _dir = Directory.CreateTempSubdirectory("executor-tests-").FullName;

    private StepAttemptRunner Runner => _services.GetRequiredService<StepAttemptRunner>();

    private static ExecuteStep Shell(params string[] commands) =>
        new(Guid.NewGuid(), "step", 1, commands, null, null, new Dictionary<string, string>(), null, null);

    [Fact]
    public async Task A_shell_step_reports_its_outputs_exit_code_and_log()
    {
        var result = await Runner.RunAsync(Shell("echo building", "echo version=1.2.3 >> \"$PLATFORM_OUTPUT\"", "echo 'multi=a=b' >> \"$PLATFORM_OUTPUT\""), CancellationToken.None);

        Assert.Equal(StepOutcome.Succeeded, result.Outcome);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("1.2.3", result.Outputs["version"]);
        Assert.Equal("a=b", result.Outputs["multi"]);
        Assert.Contains("building", result.LogTail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commands_stop_at_the_first_failure_and_report_its_exit_code()
    {
        var marker = Path.Combine(_dir, "after");
        var result = await Runner.RunAsync(Shell("echo oops >&2", "exit 7", $"touch {marker}"), CancellationToken.None);

        Assert.Equal(StepOutcome.Failed, result.Outcome);
        Assert.Equal(7, result.ExitCode);
        Assert.Contains("oops", result.LogTail, StringComparison.Ordinal);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task Env_and_workdir_reach_the_commands()
    {
        var step = Shell("echo \"where=$(pwd)\" >> \"$PLATFORM_OUTPUT\"", "echo \"mode=$MODE\" >> \"$PLATFORM_OUTPUT\"") with
        {
            Env = new Dictionary<string, string> { ["MODE"] = "fast" },
            Workdir = _dir,
        };
        var result = await Runner.RunAsync(step, CancellationToken.None);

        Assert.Equal(_dir, result.Outputs["where"]);
        Assert.Equal("fast", result.Outputs["mode"]);
    }

    [Fact]
    public async Task Output_over_the_cap_keeps_only_its_end()
    {
        var result = await Runner.RunAsync(Shell("for i in $(seq 1 5000); do echo line-$i; done"), CancellationToken.None);

        Assert.True(Encoding.UTF8.GetByteCount(result.LogTail) <= 4096 + 200, $"log tail is {result.LogTail.Length} chars");
        Assert.Contains("line-5000", result.LogTail, StringComparison.Ordinal);
        Assert.DoesNotContain("line-1\n", result.LogTail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancelled_step_has_its_whole_process_tree_killed_within_two_seconds()
    {
        var pids = Path.Combine(_dir, "pids");
        using var cancel = new CancellationTokenSource();
        var running = Runner.RunAsync(Shell($"sleep 30 & echo $! >> {pids}; echo $$ >> {pids}; wait"), cancel.Token);
        await TestProcesses.WaitFor(() => File.Exists(pids) && File.ReadAllLines(pids).Length == 2);

        var watch = Stopwatch.StartNew();
        await cancel.CancelAsync();
        var result = await running;

        Assert.Equal(StepOutcome.Cancelled, result.Outcome);
        foreach (var pid in File.ReadAllLines(pids).Select(int.Parse))
        {
            // A bound, not a timing: the guardian kills at once, but a machine under load may take seconds to schedule it.
            await TestProcesses.WaitFor(() => !TestProcesses.Alive(pid), TimeSpan.FromSeconds(10) - watch.Elapsed);
        }
    }

    [Fact]
    public async Task A_simple_command_runs_without_bash_and_a_missing_one_fails_as_in_bash()
    {
        var direct = await Runner.RunAsync(Shell($"ls -d {_dir}"), CancellationToken.None);
        var missing = await Runner.RunAsync(Shell("no-such-command-anywhere"), CancellationToken.None);

        Assert.Equal(StepOutcome.Succeeded, direct.Outcome);
        Assert.Contains(_dir, direct.LogTail, StringComparison.Ordinal);
        Assert.Equal(StepOutcome.Failed, missing.Outcome);
        Assert.Equal(127, missing.ExitCode);
        Assert.Contains("command not found", missing.LogTail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_direct_command_that_fails_reports_its_exit_code_and_output()
    {
        var result = await Runner.RunAsync(Shell("ls /no/such/dir"), CancellationToken.None);

        Assert.Equal(StepOutcome.Failed, result.Outcome);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("No such file", result.LogTail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Steps_start_with_default_signals_empty_stdin_and_one_log_for_both_streams()
    {
        // SIGPIPE at its default (the runtime ignores it in its own process): yes dies of it, 128 + 13.
        var pipe = await Runner.RunAsync(Shell("yes | head -n 1"), CancellationToken.None);
        // stdin is /dev/null: cat ends at once rather than waiting for input.
        var cat = await Runner.RunAsync(Shell("cat"), CancellationToken.None);
        var streams = await Runner.RunAsync(Shell("echo one; echo two >&2; echo three"), CancellationToken.None);

        Assert.Equal(141, pipe.ExitCode);
        Assert.Equal(StepOutcome.Succeeded, cat.Outcome);
        Assert.Equal("one\ntwo\nthree\n", streams.LogTail);
    }

    [Fact]
    public async Task When_the_executor_goes_its_steps_processes_go_too_even_those_that_left_the_group()
    {
        // Closing the guardian's pipe is what an Executor's death (kill -9 included) does to it.
        var pids = Path.Combine(_dir, "pids");
        var guardian = _services.GetRequiredService<Platform.Executor.Processes.ProcessGuardian>();
        var running = Runner.RunAsync(Shell($"setsid sleep 30 & echo $! >> {pids}; sleep 30 & echo $! >> {pids}; wait"), CancellationToken.None);
        await TestProcesses.WaitFor(() => File.Exists(pids) && File.ReadAllLines(pids).Length == 2);

        var watch = Stopwatch.StartNew();
        guardian.Dispose();

        foreach (var pid in File.ReadAllLines(pids).Select(int.Parse))
        {
            // A bound, not a timing: the guardian kills at once, but a machine under load may take seconds to schedule it.
            await TestProcesses.WaitFor(() => !TestProcesses.Alive(pid), TimeSpan.FromSeconds(10) - watch.Elapsed);
        }

        Assert.Equal(StepOutcome.Failed, (await running).Outcome); // killed: SIGKILL is exit code 137
    }

    [Fact]
    public async Task A_step_over_its_timeout_is_killed_and_reported_timed_out()
    {
        var watch = Stopwatch.StartNew();
        var result = await Runner.RunAsync(Shell("sleep 30") with { TimeoutMilliseconds = 300 }, CancellationToken.None);

        Assert.Equal(StepOutcome.TimedOut, result.Outcome);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void An_attempt_cancelled_before_it_started_never_runs()
    {
        var registry = _services.GetRequiredService<AttemptCancellationRegistry>();
        var step = Shell("echo ran") with { StepId = "queued" };
        var key = AttemptKey.Of(step);

        Assert.False(registry.Cancel(key, "sibling failed")); // not running here yet: remembered
        using var attempt = registry.TryStart(key, out var reason);

        Assert.Null(attempt);
        Assert.Equal("sibling failed", reason);
    }

    [Fact]
    public async Task A_sleep_step_waits_and_can_be_cancelled()
    {
        var sleep = new ExecuteStep(Guid.NewGuid(), "nap", 1, null, 30_000, null, new Dictionary<string, string>(), null, null);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var watch = Stopwatch.StartNew();

        Assert.Equal(StepOutcome.Cancelled, (await Runner.RunAsync(sleep, cancel.Token)).Outcome);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Sleep_steps_never_end_before_their_duration_even_many_at_once()
    {
        var watch = Stopwatch.StartNew();
        var sleeps = Enumerable.Range(1, 40).Select(async i =>
        {
            var started = watch.Elapsed;
            var result = await Runner.RunAsync(new ExecuteStep(Guid.NewGuid(), $"nap{i}", 1, null, 5 * i, null, new Dictionary<string, string>(), null, null), CancellationToken.None);
            return (Result: result, Slept: watch.Elapsed - started, Wanted: TimeSpan.FromMilliseconds(5 * i));
        });

        foreach (var (result, slept, wanted) in await Task.WhenAll(sleeps))
        {
            Assert.Equal(StepOutcome.Succeeded, result.Outcome);
            Assert.True(slept >= wanted, $"slept {slept.TotalMilliseconds} ms of {wanted.TotalMilliseconds}");
        }
    }

    [Fact]
    public async Task An_http_step_succeeds_or_fails_by_its_expected_status()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _ = Task.Run(async () =>
        {
            while (true)
            {
                using var client = await listener.AcceptTcpClientAsync();
                var stream = client.GetStream();
                var buffer = new byte[4096];
                var read = await stream.ReadAsync(buffer);
                var request = Encoding.ASCII.GetString(buffer, 0, read);
                var status = request.Contains("/missing", StringComparison.Ordinal) ? "404 Not Found" : "200 OK";
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"));
            }
        });

        ExecuteStep Http(string path, params int[] expect) => new(Guid.NewGuid(), "call", 1, null, null,
            new HttpRequestSpec($"http://127.0.0.1:{port}{path}", "GET", new Dictionary<string, string>(), null, expect),
            new Dictionary<string, string>(), null, 5_000);

        Assert.Equal(StepOutcome.Succeeded, (await Runner.RunAsync(Http("/health"), CancellationToken.None)).Outcome);
        Assert.Equal(StepOutcome.Failed, (await Runner.RunAsync(Http("/missing"), CancellationToken.None)).Outcome);
        Assert.Equal(StepOutcome.Succeeded, (await Runner.RunAsync(Http("/missing", 404), CancellationToken.None)).Outcome);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }
}
