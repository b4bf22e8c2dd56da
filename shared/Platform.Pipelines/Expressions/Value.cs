using System.Globalization;

namespace Platform.Pipelines.Expressions;

/// <summary>
/// A value in expressions, templates and inputs: null, string, number, boolean or list.
/// Outputs arrive as strings, so comparisons coerce a numeric-looking string to a number
/// when the other side is a number.
/// </summary>
[System.Text.Json.Serialization.JsonConverter(typeof(ValueJsonConverter))]
public abstract record Value
{
    public static readonly Value Null = new NullValue();
    public static readonly Value True = new BoolValue(true);
    public static readonly Value False = new BoolValue(false);

    public static Value Of(string? s) => s is null ? Null : new StringValue(s);

    public static Value Of(bool b) => b ? True : False;

    public static Value Of(double d) => new NumberValue(d);

    public static Value Of(IReadOnlyList<Value> items) => new ListValue(items);

    /// <summary>JavaScript-like truthiness: null, false, 0, "" , "false" and an empty list are false.</summary>
    public abstract bool IsTruthy { get; }

    /// <summary>The text a template shows for this value.</summary>
    public abstract string Render();

    public sealed override string ToString() => Render();
}

public sealed record NullValue : Value
{
    public override bool IsTruthy => false;

    public override string Render() => "";
}

public sealed record StringValue(string Text) : Value
{
    public override bool IsTruthy => Text.Length > 0 && !string.Equals(Text, "false", StringComparison.OrdinalIgnoreCase) && Text != "0";

    public override string Render() => Text;

    public bool TryNumber(out double number) =>
        double.TryParse(Text, NumberStyles.Float, CultureInfo.InvariantCulture, out number);
}

public sealed record NumberValue(double Number) : Value
{
    public override bool IsTruthy => Number != 0;

    public override string Render() => Number.ToString("R", CultureInfo.InvariantCulture);
}

public sealed record BoolValue(bool Bool) : Value
{
    public override bool IsTruthy => Bool;

    public override string Render() => Bool ? "true" : "false";
}

public sealed record ListValue(IReadOnlyList<Value> Items) : Value
{
    public override bool IsTruthy => Items.Count > 0;

    /// <summary>A list renders as JSON so it can be passed to a shell command or an HTTP body.</summary>
    public override string Render() => "[" + string.Join(",", Items.Select(RenderJson)) + "]";

    private static string RenderJson(Value v) => v switch
    {
        StringValue s => System.Text.Json.JsonSerializer.Serialize(s.Text),
        NullValue => "null",
        _ => v.Render(),
    };

    public bool Equals(ListValue? other) => other is not null && Items.SequenceEqual(other.Items);

    public override int GetHashCode() => Items.Count;
}
