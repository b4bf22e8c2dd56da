using System.Globalization;
using Platform.Pipelines.Expressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Platform.Pipelines.Loading;

/// <summary>
/// Reads typed values out of YAML nodes. Each method reports a precise error and returns null
/// when the node is not what the field needs, so the caller can carry on and find more errors.
/// </summary>
internal sealed class ValueReader(ReaderContext context)
{
    public string? String(YamlNode node, string field)
    {
        if (node is YamlScalarNode s)
        {
            return s.Value ?? "";
        }

        context.Error(node, $"'{field}' must be a string; found {YamlShape.Describe(node)}");
        return null;
    }

    public bool? Bool(YamlNode node, string field)
    {
        if (node is YamlScalarNode { Style: ScalarStyle.Plain } s)
        {
            switch (s.Value)
            {
                case "true" or "True" or "TRUE": return true;
                case "false" or "False" or "FALSE": return false;
            }
        }

        context.Error(node, $"'{field}' must be true or false; found {YamlShape.Describe(node)}");
        return null;
    }

    /// <summary>A whole number ≥ <paramref name="min"/>.</summary>
    public int? Int(YamlNode node, string field, int min)
    {
        if (node is YamlScalarNode { Style: ScalarStyle.Plain } s
            && int.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
        {
            if (n >= min)
            {
                return n;
            }

            context.Error(node, min == 1
                ? $"'{field}' must be a positive whole number; found '{n}'"
                : $"'{field}' must be at least {min}; found '{n}'");
            return null;
        }

        context.Error(node, min == 1
            ? $"'{field}' must be a positive whole number; found {YamlShape.Describe(node)}"
            : $"'{field}' must be a whole number ≥ {min}; found {YamlShape.Describe(node)}");
        return null;
    }

    public double? Number(YamlNode node, string field)
    {
        if (node is YamlScalarNode { Style: ScalarStyle.Plain } s
            && double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            && double.IsFinite(d))
        {
            return d;
        }

        context.Error(node, $"'{field}' must be a number; found {YamlShape.Describe(node)}");
        return null;
    }

    /// <summary>A duration such as 500ms, 1h30m or PT1M30S; <paramref name="positive"/> rejects zero.</summary>
    public TimeSpan? Duration(YamlNode node, string field, bool positive)
    {
        if (node is not YamlScalarNode s)
        {
            context.Error(node, $"'{field}' must be a duration such as 30s or 5m; found {YamlShape.Describe(node)}");
            return null;
        }

        var text = s.Value ?? "";
        if (!DurationParser.TryParse(text, out var duration))
        {
            var hint = text.Length > 0 && text.All(char.IsAsciiDigit) ? $"; add a unit, e.g. {text}s" : "";
            context.Error(node, $"invalid duration '{YamlShape.Shorten(text)}' for '{field}': use e.g. 500ms, 2s, 5m, 1h30m or PT1M30S{hint}");
            return null;
        }

        if (positive && duration <= TimeSpan.Zero)
        {
            context.Error(node, $"'{field}' must be longer than zero");
            return null;
        }

        return duration;
    }

    /// <summary>A string with {{ }} holes. Scalars of any style count: `workdir: 2024` is text.</summary>
    public Template? Template(YamlNode node, string field, NodeSource? source)
    {
        if (node is not YamlScalarNode s)
        {
            context.Error(node, $"'{field}' must be a string; found {YamlShape.Describe(node)}");
            return null;
        }

        var locator = context.Locate(s);
        try
        {
            var template = Expressions.Template.Parse(s.Value ?? "");
            source?.Uses.Add(new TextUse(field, [.. template.References()], locator));
            return template;
        }
        catch (ExpressionException e)
        {
            context.Error(locator.At(e.Offset), $"invalid template in '{field}': {e.Message}");
            return null;
        }
    }

    /// <summary>A bare `if:` expression (no braces).</summary>
    public Expression? Expression(YamlNode node, string field, NodeSource? source)
    {
        if (node is not YamlScalarNode s)
        {
            context.Error(node, $"'{field}' must be an expression such as inputs.env == 'prod'; found {YamlShape.Describe(node)}");
            return null;
        }

        var locator = context.Locate(s);
        var text = s.Value ?? "";
        try
        {
            if (text.TrimStart().StartsWith("{{", StringComparison.Ordinal))
            {
                // `if: "{{ x }}"` is a common slip: the braces belong to templates only.
                context.Error(locator.Start, $"'{field}' takes a bare expression: write it without {{{{ }}}}");
                return null;
            }

            var expression = Expressions.Expression.Parse(text);
            source?.Uses.Add(new TextUse(field, [.. expression.References()], locator));
            return expression;
        }
        catch (ExpressionException e)
        {
            context.Error(locator.At(e.Offset), $"invalid '{field}' expression: {e.Message}");
            return null;
        }
    }

    /// <summary>A list of strings; a single string is accepted as a one-item list.</summary>
    public List<(string Text, YamlNode Node)>? StringList(YamlNode node, string field)
    {
        if (node is YamlScalarNode s)
        {
            return [(s.Value ?? "", s)];
        }

        if (node is not YamlSequenceNode list)
        {
            context.Error(node, $"'{field}' must be a list; found {YamlShape.Describe(node)}");
            return null;
        }

        var result = new List<(string, YamlNode)>();
        foreach (var item in list.Children)
        {
            if (item is YamlScalarNode si && !YamlShape.IsNull(si))
            {
                result.Add((si.Value ?? "", si));
            }
            else
            {
                context.Error(item, $"each entry of '{field}' must be a string; found {YamlShape.Describe(item)}");
            }
        }

        return result;
    }

    /// <summary>
    /// A literal value for input defaults and forEach items: unquoted true/false/numbers/null keep
    /// their YAML type, quoted scalars are strings, lists nest. Mappings have no Value form.
    /// </summary>
    public Value? Literal(YamlNode node, string field)
    {
        switch (node)
        {
            case YamlSequenceNode list:
                var items = new List<Value>();
                foreach (var child in list.Children)
                {
                    if (Literal(child, field) is { } v)
                    {
                        items.Add(v);
                    }
                }

                return Value.Of(items);
            case YamlScalarNode s when YamlShape.IsNull(s):
                return Value.Null;
            case YamlScalarNode { Style: ScalarStyle.Plain } s:
                var text = s.Value ?? "";
                if (text is "true" or "True" or "TRUE")
                {
                    return Value.True;
                }

                if (text is "false" or "False" or "FALSE")
                {
                    return Value.False;
                }

                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n)
                    ? Value.Of(n)
                    : Value.Of(text);
            case YamlScalarNode s:
                return Value.Of(s.Value ?? "");
            default:
                context.Error(node, $"'{field}' must hold strings, numbers, booleans or lists; found {YamlShape.Describe(node)}");
                return null;
        }
    }
}
