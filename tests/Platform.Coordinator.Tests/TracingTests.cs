using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Platform.Tests.Shared;

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

        // An attempt's span ends once its result is told, so the last one may end just after the run does:
        // wait for it (bounded), then check the spans.
        List<Activity> OfRun()
        {
            tracing.ForceFlush();
            lock (spans)
            {
                return spans.Where(s => s.GetTagItem("run.id") as string == id.ToString()).ToList();
            }
        }

        bool Attempt(Activity s, string step) => s.OperationName == "step.attempt" && (string?)s.GetTagItem("step.id") == step;
        await TestProcesses.WaitFor(() => OfRun() is var seen && seen.Any(s => Attempt(s, "a")) && seen.Any(s => Attempt(s, "b")), TimeSpan.FromSeconds(10));
        var ofRun = OfRun();

        // Coordinator decisions, both step attempts on the executor, and the run's end: all in the client's trace.
        Assert.Contains(ofRun, s => s.OperationName == "run.decide");
        Assert.Contains(ofRun, s => Attempt(s, "a"));
        Assert.Contains(ofRun, s => Attempt(s, "b"));
        Assert.All(ofRun, s => Assert.Equal(traceId, s.TraceId));
    }
}
