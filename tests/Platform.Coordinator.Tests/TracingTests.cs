using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Platform.Coordinator.Tests;

public class TracingTests
{
    private static readonly ActivitySource Client = new("Platform.Tests.Client");

    [Theory, InlineData(false), InlineData(true)]
    public async Task Every_span_of_a_run_shares_one_trace_id(bool inProcess)
    {
        var spans = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource("MassTransit", "Platform.*")
            .AddInMemoryExporter(spans)
            .Build();
        await using var h = await RunHarness.StartAsync(inProcess: inProcess);

        Guid id;
        ActivityTraceId traceId;
        using (var root = Client.StartActivity("submit run", ActivityKind.Producer))
        {
            traceId = root!.TraceId;
            id = await h.SubmitAsync("id: traced\nsteps:\n  - { id: a, run: 'true' }\n  - { id: b, sleep: 300ms, retry: { attempts: 2, delay: 100ms } }\n");
        }

        await h.FinishedAsync(id);
        tracing.ForceFlush();

        List<Activity> ofRun;
        lock (spans)
        {
            ofRun = spans.Where(s => s.GetTagItem("run.id") as string == id.ToString()).ToList();
        }

        // Coordinator decisions, both step attempts on the executor, and the run's end: all in the client's trace.
        Assert.Contains(ofRun, s => s.OperationName == "run.decide");
        Assert.Contains(ofRun, s => s.OperationName == "step.attempt" && (string?)s.GetTagItem("step.id") == "a");
        Assert.Contains(ofRun, s => s.OperationName == "step.attempt" && (string?)s.GetTagItem("step.id") == "b");
        Assert.All(ofRun, s => Assert.Equal(traceId, s.TraceId));
    }
}
