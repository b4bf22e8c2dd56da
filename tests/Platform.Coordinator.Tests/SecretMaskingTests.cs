using System.Diagnostics;
using System.Text.Json;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Platform.Contracts;
using Platform.Pipelines.Engine;
using Platform.Storage;
using Platform.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.Coordinator.Tests;

/// <summary>
/// Only ExecuteStep carries a secret (to the Executor that needs it): every event, the run's end that
/// feeds webhooks, the store and the spans hold *** instead.
/// </summary>
public class SecretMaskingTests
{
    private const string Secret = "hunter2-very-secret";

    [Fact]
    public async Task A_secret_printed_or_published_by_a_step_is_masked_in_every_message_and_span()
    {
        var spans = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource("MassTransit", "Platform.*").AddInMemoryExporter(spans).Build();
        await using var h = await RunHarness.StartAsync();
        var id = Guid.NewGuid();
        const string yaml = """
            id: masked
            inputs:
              token: { type: secret }
            steps:
              - { id: a, run: 'echo "prefix-{{ inputs.token }}-suffix"; echo "out=x${token}y" >> "$PLATFORM_OUTPUT"' }
              - { id: b, run: 'echo "$token" >&2; exit 4' }
            """;

        // Given as an input (as a careless client would): still a secret.
        await h.Harness.Bus.Publish(new SubmitRun(id, yaml, "masked.yaml", new Dictionary<string, string> { ["token"] = Secret }, DateTimeOffset.UtcNow));
        var finished = await h.FinishedAsync(id);
        tracing.ForceFlush();

        Assert.Equal("failed", finished.Status);
        Assert.Equal("x***y", finished.Steps[0].Outputs["out"]);
        var published = h.PublishedSoFar()
            .Where(m => m is not SubmitRun and not ExecuteStep).Select(m => JsonSerializer.Serialize(m, m.GetType())).ToList();
        Assert.Contains(published, m => m.Contains("prefix-***-suffix", StringComparison.Ordinal));
        Assert.DoesNotContain(published, m => m.Contains(Secret, StringComparison.Ordinal));

        var store = h.Services.GetRequiredService<IRunStore>();
        var stored = JsonSerializer.Serialize(await store.GetRunAsync(id)) + string.Join("\n", (await store.ReadEventsAsync(id)).Select(RunEventJson.Serialize));
        Assert.Contains("\"a\"", stored, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, stored, StringComparison.Ordinal);

        {
            // An attempt's span ends once its result is told, so b's (the one whose error carries the secret)
            // may end just after the run: wait for both attempts' spans. The exporter keeps adding the
            // harness's later spans: read a copy.
            Activity[] Ended()
            {
                tracing.ForceFlush();
                lock (spans)
                {
                    return spans.ToArray();
                }
            }

            await TestProcesses.WaitFor(() => Ended().Count(s => s.OperationName == "step.attempt" && s.GetTagItem("run.id") as string == id.ToString()) == 2,
                TimeSpan.FromSeconds(10));
            var ended = Ended();
            Assert.NotEmpty(ended);
            var text = string.Join("\n", ended.SelectMany(s => s.TagObjects.Select(t => $"{t.Key}={t.Value}")
                .Append(s.StatusDescription ?? "").Concat(s.Events.Select(e => e.Name + string.Join(",", e.Tags.Select(t => t.Value))))));
            Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        }
    }
}
