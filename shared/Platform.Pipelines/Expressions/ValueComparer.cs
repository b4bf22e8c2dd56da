namespace Platform.Pipelines.Expressions;

/// <summary>Equality and ordering between values, with string-to-number coercion.</summary>
internal static class ValueComparer
{
    public static bool AreEqual(Value a, Value b)
    {
        if (AsNumbers(a, b) is var (x, y))
        {
            return x == y;
        }

        return (a, b) switch
        {
            (NullValue, NullValue) => true,
            (NullValue, StringValue s) => s.Text.Length == 0,
            (StringValue s, NullValue) => s.Text.Length == 0,
            (BoolValue p, StringValue s) => string.Equals(p.Render(), s.Text, StringComparison.OrdinalIgnoreCase),
            (StringValue s, BoolValue p) => string.Equals(p.Render(), s.Text, StringComparison.OrdinalIgnoreCase),
            _ => a.Equals(b),
        };
    }

    /// <summary>Null when the two values have no order (e.g. a list and a number).</summary>
    public static int? Compare(Value a, Value b)
    {
        if (AsNumbers(a, b) is var (x, y))
        {
            return x.CompareTo(y);
        }

        if (a is StringValue s && b is StringValue t)
        {
            return string.CompareOrdinal(s.Text, t.Text);
        }

        return null;
    }

    private static (double, double)? AsNumbers(Value a, Value b)
    {
        if (a is NumberValue x && b is NumberValue y)
        {
            return (x.Number, y.Number);
        }

        if (a is NumberValue n && b is StringValue s && s.TryNumber(out var sn))
        {
            return (n.Number, sn);
        }

        if (a is StringValue s2 && b is NumberValue n2 && s2.TryNumber(out var sn2))
        {
            return (sn2, n2.Number);
        }

        return null;
    }
}
