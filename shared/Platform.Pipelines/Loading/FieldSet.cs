using Platform.Pipelines.Validation;
using YamlDotNet.RepresentationModel;

namespace Platform.Pipelines.Loading;

/// <summary>
/// The fields of a YAML mapping, checked against the keys that are known where it stands.
/// A group's fields may come from two mappings (beside `parallel:` and inside it), so a set
/// can take several; a key given twice is reported at its second place.
/// </summary>
internal sealed class FieldSet
{
    private readonly ReaderContext _context;
    private readonly string _where;
    private readonly IReadOnlyCollection<string> _known;
    private readonly IReadOnlyCollection<string> _suggestions;
    private readonly Dictionary<string, (YamlScalarNode Key, YamlNode Value)> _fields = new(StringComparer.Ordinal);

    public FieldSet(ReaderContext context, string where, IReadOnlyCollection<string> known, IReadOnlyCollection<string>? suggestions = null)
    {
        _context = context;
        _where = where;
        _known = known;
        _suggestions = suggestions ?? known;
    }

    public static FieldSet Of(ReaderContext context, YamlMappingNode map, string where, IReadOnlyCollection<string> known, IReadOnlyCollection<string>? suggestions = null)
    {
        var set = new FieldSet(context, where, known, suggestions);
        set.AddAll(map);
        return set;
    }

    public void AddAll(YamlMappingNode map, string? skip = null)
    {
        foreach (var (keyNode, value) in map.Children)
        {
            if (keyNode is not YamlScalarNode key || key.Value is null)
            {
                _context.Error(keyNode, $"a key in {_where} must be a plain name, not {YamlShape.Describe(keyNode)}");
                continue;
            }

            if (key.Value == skip)
            {
                continue;
            }

            if (!_known.Contains(key.Value))
            {
                var hint = DidYouMean.Suggest(key.Value, _suggestions) is { } s
                    ? $"; did you mean '{s}'?"
                    : $" (known keys: {string.Join(", ", _known)})";
                _context.Error(key, $"unknown key '{key.Value}' in {_where}{hint}");
                continue;
            }

            if (_fields.TryGetValue(key.Value, out var first))
            {
                _context.Error(key, $"'{key.Value}' is given twice in {_where}; first on line {first.Key.Start.Line}");
                continue;
            }

            _fields[key.Value] = (key, value);
        }
    }

    public bool Has(string key) => _fields.ContainsKey(key);

    /// <summary>The value, or null when absent. A YAML null (`key:` alone) counts as absent.</summary>
    public YamlNode? Value(string key) =>
        _fields.TryGetValue(key, out var f) && !YamlShape.IsNull(f.Value) ? f.Value : null;

    public YamlScalarNode? Key(string key) => _fields.TryGetValue(key, out var f) ? f.Key : null;

    public IEnumerable<string> Present => _fields.Keys;
}
