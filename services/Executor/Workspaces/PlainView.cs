namespace Platform.Executor.Workspaces;

/// <summary>A plain directory as a view: what is there is what a branch saw (the run's directory, or a copied layer).</summary>
internal sealed class PlainView(string root) : ILayerView
{
    public string Root { get; } = root;

    public IReadOnlyList<string> Folders => [Root];

    public string? Locate(string relativePath)
    {
        var path = Path.Combine(Root, relativePath);
        return OverlayView.Exists(path) ? path : null;
    }
}
