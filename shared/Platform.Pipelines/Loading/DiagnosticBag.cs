using Platform.Pipelines.Model;

namespace Platform.Pipelines.Loading;

/// <summary>Every error found while loading: the loader never stops at the first one.</summary>
internal sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = [];

    public int Count => _items.Count;

    public void Add(SourceLocation location, string message) => _items.Add(new Diagnostic(location, message));

    public void AddWarning(SourceLocation location, string message) => _items.Add(new Diagnostic(location, message) { IsWarning = true });

    /// <summary>In file order, so a user can fix them top to bottom.</summary>
    public IReadOnlyList<Diagnostic> Sorted() =>
        _items
            .Select((d, i) => (d, i))
            .OrderBy(x => x.d.Location.Line)
            .ThenBy(x => x.d.Location.Column)
            .ThenBy(x => x.i)
            .Select(x => x.d)
            .ToList();
}
