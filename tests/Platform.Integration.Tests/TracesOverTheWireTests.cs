using System.Globalization;
using Platform.Integration.Tests.Otlp;
using Platform.Tests.Shared;

namespace Platform.Integration.Tests;

/// <summary>
/// Traces as an operator's collector gets them: the Coordinator and an Executor as processes export
/// OTLP/HTTP to a receiver inside the test, and a run over RabbitMQ must be one trace across both.
/// </summary>
[Collection(SystemCollection.Name)]
public class TracesOverTheWireTests
{
    [Fact]
    public async Task A_run_is_one_trace_across_coordinator_and_executor_with_a_span_per_attempt_splitting_queue_from_run_time()
    {
        await using var broker = new Broker();
        await broker.StartAsync();
        Assert.SkipWhen(broker.SkipReason is not null, broker.SkipReason ?? "");
        await using var receiver = new OtlpReceiver();
        var env = new Dictionary<string, string>
        {
            ["RABBITMQ_URL"] = broker.Url!,
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            ["Coordinator__Store"] = "memory",
            // Both services sign and check commands with one key, as a deployment gives them.
            ["PLATFORM_SIGNING_KEY"] = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        };
        await using var coordinator = ServiceProcess.Start("coordinator", ServiceProcess.Dll("services/Coordinator", "Platform.Coordinator"), [], env, "Bus started");
        await using var executor = ServiceProcess.Start("executor", ServiceProcess.Dll("services/Executor", "Platform.Executor"), ["--slots", "4"], env, "Bus started");
        await coordinator.WaitReadyAsync(TimeSpan.FromSeconds(90));
        await executor.WaitReadyAsync(TimeSpan.FromSeconds(90));

        var dir = Directory.CreateTempSubdirectory("platform-it-otlp-").FullName;
        var file = Path.Combine(dir, "traced.yaml");
        await File.WriteAllTextAsync(file,
            "id: traced\nsteps:\n  - { id: a, run: 'sleep 0.3' }\n  - parallel:\n      steps:\n        - { id: b, run: 'sleep 0.2' }\n        - { id: c, run: 'sleep 0.2' }\n");
        await using (var cli = ServiceProcess.Start("cli", ServiceProcess.Dll("cli/Platform.Cli", "platform"), ["run", file, "--broker", broker.Url!],
            new Dictionary<string, string>(), readyMarker: null))
        {
            Assert.True(await cli.WaitForExitAsync(TimeSpan.FromSeconds(90)) == 0, cli.Output);
        }

        // Exported in batches: wait for every attempt's span and the run's end to arrive.
        await TestProcesses.WaitFor(() =>
            receiver.Spans.Count(s => s.Name == "step.attempt") == 3 && receiver.Spans.Any(s => s.Name.Contains("RunFinished", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(60));
        var spans = receiver.Spans;
        var attempts = spans.Where(s => s.Name == "step.attempt").ToList();
        var trace = Assert.Single(attempts.Select(s => s.TraceId).Distinct());

        // One trace across both services...
        Assert.Contains(spans, s => s.TraceId == trace && s.Service == "platform-coordinator");
        Assert.Contains(spans, s => s.TraceId == trace && s.Service == "platform-executor");
        // ... a span per attempt that tells queue time from run time ...
        Assert.Equal(["a", "b", "c"], attempts.Select(s => s.Attributes["step.id"]).Order());
        Assert.All(attempts, s =>
        {
            Assert.True(double.Parse(s.Attributes["step.queued_ms"], CultureInfo.InvariantCulture) >= 0);
            Assert.True(double.Parse(s.Attributes["step.run_ms"], CultureInfo.InvariantCulture) >= 150, $"{s.Attributes["step.id"]} ran {s.Attributes["step.run_ms"]} ms");
        });
        // ... and nothing of the run outside it. Executor heartbeats belong to no run: their publish spans
        // name the message, their receive and process spans the Coordinator's heartbeat endpoint.
        var outside = spans.Where(s => s.TraceId != trace && !IsHeartbeat(s)).ToList();
        Assert.True(outside.Count == 0, "spans outside the run's trace: " + string.Join(", ", outside.Select(s => $"{s.Service}:{s.Name}")));
        Directory.Delete(dir, recursive: true);
    }

    private static bool IsHeartbeat(ReceivedSpan span) =>
        span.Name.Contains("AttemptsHeartbeat", StringComparison.Ordinal) || span.Name.Contains("attempt-heartbeats-", StringComparison.Ordinal);
}
