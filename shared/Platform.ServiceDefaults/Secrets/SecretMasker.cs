namespace Platform.ServiceDefaults.Secrets;

/// <summary>
/// Replaces every occurrence of a secret's value — anywhere in a longer text, and each line of a
/// multi-line secret on its own — by <see cref="Mask"/>. Values shorter than
/// <see cref="MinimumLength"/> are not masked: masking "a" would blank every 'a' of a log.
/// </summary>
public sealed class SecretMasker
{
    public const string Mask = "***";

    public const int MinimumLength = 3;

    public static readonly SecretMasker None = new([]);

    private readonly string[] _values;

    public SecretMasker(IEnumerable<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        _values = [.. secrets
            .SelectMany(s => new[] { s, s.Trim() }.Concat(s.Split('\n').Select(line => line.TrimEnd('\r').Trim())))
            .Where(v => v.Length >= MinimumLength)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(v => v.Length)]; // longest first: a secret containing another is masked whole
    }

    public bool IsEmpty => _values.Length == 0;

    public string Apply(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var value in _values)
        {
            if (text.Contains(value, StringComparison.Ordinal))
            {
                text = text.Replace(value, Mask, StringComparison.Ordinal);
            }
        }

        return text;
    }

    public string? ApplyOrNull(string? text) => text is null ? null : Apply(text);

    public IReadOnlyDictionary<string, string> Apply(IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return IsEmpty ? values : values.ToDictionary(p => p.Key, p => Apply(p.Value), StringComparer.Ordinal);
    }
}
