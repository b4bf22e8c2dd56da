using System.Text;

namespace Platform.Pipelines.Expressions;

/// <summary>
/// A string with <c>{{ expression }}</c> holes. A template that is exactly one hole
/// (e.g. <c>"{{ inputs.regions }}"</c>) can also be evaluated to a value, keeping its type.
/// </summary>
public sealed class Template
{
    private readonly IReadOnlyList<object> _parts; // string literal or Expression
    private readonly IReadOnlyList<int> _offsets; // where each part starts in Text

    private Template(string text, IReadOnlyList<object> parts, IReadOnlyList<int> offsets)
    {
        Text = text;
        _parts = parts;
        _offsets = offsets;
    }

    public string Text { get; }

    public bool IsLiteral => _parts.All(p => p is string);

    public IEnumerable<Expression> Expressions => _parts.OfType<Expression>();

    /// <summary>Paths read by every hole, with offsets into <see cref="Text"/>.</summary>
    public IEnumerable<PathReference> References() => Expressions.SelectMany(e => e.References());

    /// <summary>Literal text and holes in order, each with its offset in <see cref="Text"/> (a hole's is its '{{').</summary>
    public IEnumerable<TemplatePart> Parts() =>
        _parts.Select((p, i) => p is Expression e ? new TemplatePart(null, e, _offsets[i]) : new TemplatePart((string)p, null, _offsets[i]));

    public static Template Literal(string text) => new(text, [text], [0]);

    /// <exception cref="ExpressionException">with an offset into <paramref name="text"/>.</exception>
    public static Template Parse(string text)
    {
        var parts = new List<object>();
        var offsets = new List<int>();
        var pos = 0;
        while (pos < text.Length)
        {
            var open = text.IndexOf("{{", pos, StringComparison.Ordinal);
            if (open < 0)
            {
                parts.Add(text[pos..]);
                offsets.Add(pos);
                break;
            }

            if (open > pos)
            {
                parts.Add(text[pos..open]);
                offsets.Add(pos);
            }

            var close = text.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                throw new ExpressionException("'{{' is never closed by '}}'", open);
            }

            parts.Add(ExpressionParser.Parse(text[(open + 2)..close], open + 2));
            offsets.Add(open);
            pos = close + 2;
        }

        return new Template(text, parts, offsets);
    }

    public string Render(IValueResolver resolver)
    {
        if (_parts.Count == 1 && _parts[0] is string only)
        {
            return only;
        }

        var sb = new StringBuilder();
        foreach (var part in _parts)
        {
            sb.Append(part is Expression e ? e.Evaluate(resolver).Render() : (string)part);
        }

        return sb.ToString();
    }

    /// <summary>The hole's own value when the template is one hole; otherwise the rendered string.</summary>
    public Value Evaluate(IValueResolver resolver) =>
        _parts is [Expression single] ? single.Evaluate(resolver) : Value.Of(Render(resolver));

    public override string ToString() => Text;
}
