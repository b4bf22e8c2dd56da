using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Platform.Integration.Tests;

/// <summary>
/// services/Console, the distributed mode's API and console: the same routes as <c>platform serve</c>,
/// reading the Coordinator's store and speaking to it over RabbitMQ.
/// </summary>
[Collection(SystemCollection.Name)]
public partial class ConsoleOverBusTests(SystemFixture system)
{
    private const string Token = "console-over-bus-token";
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_run_submitted_to_the_console_runs_on_the_services_its_gate_is_approved_and_another_is_cancelled()
    {
        Assert.SkipWhen(system.SkipReason is not null, system.SkipReason ?? "");
        await using var console = ServiceProcess.Start("console", ServiceProcess.Dll("services/Console", "Platform.Console"),
            ["--store", system.StorePath, "--urls", "http://127.0.0.1:0"],
            new Dictionary<string, string> { ["RABBITMQ_URL"] = system.BrokerUrl, ["PLATFORM_API_TOKEN"] = Token, ["DOTNET_ENVIRONMENT"] = "Development" },
            readyMarker: "Platform console: ");
        await console.WaitReadyAsync(TimeSpan.FromSeconds(90));
        var url = ConsoleUrl().Match(console.Output).Groups[1].Value;
        using var anonymous = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
        using var client = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);

        using var refused = await anonymous.GetAsync("/api/runs");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        var gated = await SubmitAsync(client, "id: console-gated\nsteps:\n  - { id: gate, approval: { message: Ship it? } }\n  - { id: ship, run: echo shipped-over-the-bus }\n");
        await ReportAsync(client, gated, r => Step(r, "gate").GetProperty("status").GetString() == "waiting");
        using var approve = await client.PostAsJsonAsync($"/api/runs/{gated}/steps/gate/approve", new { approve = true, by = "alice" });
        Assert.Equal(HttpStatusCode.Accepted, approve.StatusCode);
        var report = await ReportAsync(client, gated, r => r.GetProperty("status").GetString() is "succeeded" or "failed" or "cancelled");
        Assert.Equal("succeeded", report.GetProperty("status").GetString());
        var logs = await client.GetFromJsonAsync<JsonElement>($"/api/runs/{gated}/steps/ship/logs");
        Assert.Contains("shipped-over-the-bus", logs.GetRawText(), StringComparison.Ordinal);

        var slow = await SubmitAsync(client, "id: console-cancel\nsteps:\n  - { id: long, sleep: 10m }\n");
        await ReportAsync(client, slow, r => Step(r, "long").GetProperty("status").GetString() == "running");
        using var cancel = await client.PostAsJsonAsync($"/api/runs/{slow}/cancel", new { reason = "enough" });
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        var cancelled = await ReportAsync(client, slow, r => r.GetProperty("status").GetString() is "succeeded" or "failed" or "cancelled");
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());

        using var page = await client.GetAsync($"/runs/{gated}");
        Assert.Contains("svg class=\"gantt\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<string> SubmitAsync(HttpClient client, string yaml)
    {
        using var response = await client.PostAsJsonAsync("/api/runs", new { pipeline = yaml });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("runId").GetString()!;
    }

    private static async Task<JsonElement> ReportAsync(HttpClient client, string runId, Func<JsonElement, bool> until)
    {
        var deadline = DateTime.UtcNow + Generous;
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            using var response = await client.GetAsync($"/api/runs/{runId}");
            last = await response.Content.ReadAsStringAsync();
            if (response.IsSuccessStatusCode && JsonDocument.Parse(last).RootElement is var report && until(report))
            {
                return report.Clone();
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"run {runId} not as expected within {Generous}: {last}");
    }

    private static JsonElement Step(JsonElement report, string id) =>
        report.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("id").GetString() == id);

    [GeneratedRegex(@"Platform console: (http://[0-9.:]+)")]
    private static partial Regex ConsoleUrl();
}
