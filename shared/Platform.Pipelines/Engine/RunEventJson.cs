using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.Pipelines.Engine;

/// <summary>
/// Run events as JSON, for stores: replaying them rebuilds a run exactly. The serialiser's metadata is
/// generated at compile time (<see cref="RunEventJsonContext"/>): built by reflection, the first event a
/// fresh process wrote cost it about 150 ms of building that metadata for the whole event hierarchy
/// (bench/results/perf-profile.md, "The floor under start-up"). The JSON is the same either way
/// (camelCase, web defaults): runs stored before read as they did.
/// </summary>
public static class RunEventJson
{
    public static string Serialize(RunEvent e) => JsonSerializer.Serialize(e, RunEventJsonContext.Default.RunEvent);

    public static RunEvent Deserialize(string json) =>
        JsonSerializer.Deserialize(json, RunEventJsonContext.Default.RunEvent) ?? throw new JsonException("empty run event");
}

/// <summary>The compile-time serialiser metadata of <see cref="RunEvent"/> and everything it holds.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(RunEvent))]
internal sealed partial class RunEventJsonContext : JsonSerializerContext;
