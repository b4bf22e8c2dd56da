using System.Text.Json;
using Platform.Pipelines.Expressions;
using Platform.Pipelines.Model;

namespace Platform.Pipelines.Engine;

/// <summary>Evaluates a forEach's <c>items</c> when the group starts.</summary>
internal static class ItemsExpander
{
    /// <exception cref="TemplateException">when the items are not a list.</exception>
    public static IReadOnlyList<Value> Expand(ItemsSource source, IValueResolver resolver) =>
        source.Literal ?? FromValue(source.Template!.Evaluate(resolver));

    private static IReadOnlyList<Value> FromValue(Value value) => value switch
    {
        ListValue list => list.Items,
        NullValue => [],
        StringValue s => FromString(s.Text),
        _ => [value],
    };

    /// <summary>A JSON array (from an output), else one item per line or comma.</summary>
    private static IReadOnlyList<Value> FromString(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith('['))
        {
            try
            {
                return ValueJsonConverter.ReadArray(trimmed).Items;
            }
            catch (JsonException e)
            {
                throw new TemplateException($"items look like a JSON array but are not valid JSON: {e.Message}");
            }
        }

        return trimmed.Split(['\n', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(Value.Of).ToList();
    }
}
