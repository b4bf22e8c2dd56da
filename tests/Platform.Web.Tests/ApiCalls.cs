using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Platform.Web.Tests;

/// <summary>What the tests ask the API, each call and wait bounded.</summary>
internal static class ApiCalls
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(90);

    /// <summary>Submits <paramref name="yaml"/>; asserts the 202 and returns the run's id.</summary>
    public static async Task<string> SubmitAsync(HttpClient client, string yaml, object? inputs = null, string? runId = null)
    {
        using var response = await client.PostAsJsonAsync("/api/runs", new { pipeline = yaml, inputs, runId });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("runId").GetString()!;
    }

    /// <summary>The run's report once <paramref name="until"/> holds for it; fails after the timeout.</summary>
    public static async Task<JsonElement> ReportAsync(HttpClient client, string runId, Func<JsonElement, bool> until, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? RunTimeout);
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            using var response = await client.GetAsync($"/api/runs/{runId}");
            last = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.OK && JsonDocument.Parse(last).RootElement is var report && until(report))
            {
                return report.Clone();
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"run {runId}: not as expected within {timeout ?? RunTimeout}; last answer: {last}");
    }

    public static Task<JsonElement> FinishedAsync(HttpClient client, string runId) =>
        ReportAsync(client, runId, r => r.GetProperty("status").GetString() is "succeeded" or "failed" or "cancelled");

    public static string Status(this JsonElement report) => report.GetProperty("status").GetString()!;

    public static JsonElement Step(this JsonElement report, string id) =>
        report.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("id").GetString() == id);
}
