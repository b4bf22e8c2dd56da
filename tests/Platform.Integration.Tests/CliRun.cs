using System.Text.Json;

namespace Platform.Integration.Tests;

/// <summary>A finished <c>platform run</c>: exit code, its JSON report, and everything it printed.</summary>
public sealed record CliRun(int ExitCode, JsonElement? Report, string Output)
{
    public JsonElement Step(string id) =>
        Report!.Value.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("id").GetString() == id);

    public string Status(string id) => Step(id).GetProperty("status").GetString()!;

    public string RunStatus => Report!.Value.GetProperty("status").GetString()!;

    public DateTimeOffset Started(string id) => Step(id).GetProperty("startedAt").GetDateTimeOffset();

    public DateTimeOffset Finished(string id) => Step(id).GetProperty("finishedAt").GetDateTimeOffset();

    public string OutputOf(string id, string key) => Step(id).GetProperty("outputs").GetProperty(key).GetString()!;
}
