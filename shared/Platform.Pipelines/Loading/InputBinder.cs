using System.Globalization;
using System.Text.Json;
using Platform.Pipelines.Expressions;
using Platform.Pipelines.Model;

namespace Platform.Pipelines.Loading;

/// <summary>Turns `--input name=value` strings into typed input values, applying defaults.</summary>
public static class InputBinder
{
    /// <summary>Errors name the input: unknown input, missing required input, value of the wrong type.</summary>
    public static (IReadOnlyDictionary<string, Value> Values, IReadOnlyList<string> Errors) Bind(
        PipelineDefinition pipeline, IReadOnlyDictionary<string, string> given)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(given);
        var values = new Dictionary<string, Value>(StringComparer.Ordinal);
        var errors = new List<string>();
        foreach (var name in given.Keys.Where(k => pipeline.Inputs.All(i => i.Name != k)).Order(StringComparer.Ordinal))
        {
            errors.Add(pipeline.Inputs.Count == 0
                ? $"unknown input '{name}': the pipeline declares no inputs"
                : $"unknown input '{name}'{Validation.DidYouMean.Hint(name, pipeline.Inputs.Select(i => i.Name))} (inputs: {string.Join(", ", pipeline.Inputs.Select(i => i.Name))})");
        }

        // Secrets are bound apart (SecretBinder): their values never become engine inputs.
        foreach (var input in pipeline.Inputs.Where(i => i.Type != InputType.Secret))
        {
            if (given.TryGetValue(input.Name, out var text))
            {
                var value = Coerce(Parse(text, input.Type), input.Type, out var problem);
                if (problem is null)
                {
                    values[input.Name] = value!;
                }
                else
                {
                    errors.Add($"input '{input.Name}' {problem}");
                }
            }
            else if (input.Default is { } @default)
            {
                values[input.Name] = @default;
            }
            else
            {
                errors.Add($"missing required input '{input.Name}': give it with --input {input.Name}=VALUE");
            }
        }

        return (values, errors);
    }

    /// <summary>A value checked (and where harmless, converted) to <paramref name="type"/>; <paramref name="problem"/> says why not.</summary>
    public static Value? Coerce(Value value, InputType type, out string? problem)
    {
        problem = null;
        switch (type)
        {
            case InputType.String:
                if (value is ListValue)
                {
                    problem = "must be a string, not a list";
                    return null;
                }

                return Value.Of(value.Render());
            case InputType.Number:
                if (value is NumberValue)
                {
                    return value;
                }

                if (value is StringValue s && double.TryParse(s.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n))
                {
                    return Value.Of(n);
                }

                problem = $"must be a number; got '{value.Render()}'";
                return null;
            case InputType.Boolean:
                if (value is BoolValue)
                {
                    return value;
                }

                if (value is StringValue b && b.Text.ToLowerInvariant() is "true" or "false")
                {
                    return Value.Of(b.Text.Equals("true", StringComparison.OrdinalIgnoreCase));
                }

                problem = $"must be true or false; got '{value.Render()}'";
                return null;
            default:
                if (value is ListValue)
                {
                    return value;
                }

                problem = $"must be a list; got '{value.Render()}'";
                return null;
        }
    }

    /// <summary>Command-line text: a list is a JSON array or comma-separated; everything else is a string to coerce.</summary>
    private static Value Parse(string text, InputType type)
    {
        if (type != InputType.List)
        {
            return Value.Of(text);
        }

        var trimmed = text.Trim();
        if (trimmed.StartsWith('['))
        {
            try
            {
                return ValueJsonConverter.ReadArray(trimmed);
            }
            catch (JsonException)
            {
                return Value.Of(text);
            }
        }

        return Value.Of(trimmed.Length == 0 ? [] : trimmed.Split(',', StringSplitOptions.TrimEntries).Select(Value.Of).ToList());
    }
}
