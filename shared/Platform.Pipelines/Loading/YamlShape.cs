using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Platform.Pipelines.Loading;

/// <summary>How messages name what the user wrote: "a list", "a mapping", "'abc'".</summary>
internal static class YamlShape
{
    public static string Describe(YamlNode node) => node switch
    {
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        YamlScalarNode s when IsNull(s) => "nothing",
        YamlScalarNode s => $"'{Shorten(s.Value ?? "")}'",
        _ => "something else",
    };

    /// <summary>`key:` with no value, `~` or `null`, unquoted.</summary>
    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } s
        && (string.IsNullOrEmpty(s.Value) || s.Value is "~" or "null" or "Null" or "NULL");

    public static string Shorten(string text) =>
        text.Length <= 40 ? text.ReplaceLineEndings(" ") : text[..37].ReplaceLineEndings(" ") + "...";
}
