using System.Text.Json;

namespace Platform.Pipelines.Engine;

/// <summary>Run events as JSON, for stores: replaying them rebuilds a run exactly.</summary>
public static class RunEventJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Serialize(RunEvent e) => JsonSerializer.Serialize(e, Options);

    public static RunEvent Deserialize(string json) =>
        JsonSerializer.Deserialize<RunEvent>(json, Options) ?? throw new JsonException("empty run event");
}
