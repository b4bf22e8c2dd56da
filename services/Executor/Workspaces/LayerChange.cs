namespace Platform.Executor.Workspaces;

/// <summary>
/// One path a branch changed, relative to the run's directory; <see cref="Source"/> is where the new content lies.
/// A change already merged keeps only <see cref="Fingerprint"/> (<see cref="SameEntry.Fingerprint"/>) of what it wrote.
/// </summary>
internal sealed record LayerChange(string Path, LayerChangeKind Kind, string? Source)
{
    public string? Fingerprint { get; init; }

    /// <summary>This change with, for a write, the fingerprint of what it wrote: what is remembered of it once its content has moved on (<c>Source</c> dropped).</summary>
    public LayerChange Fingerprinted() =>
        Kind == LayerChangeKind.Write && Fingerprint is null ? this with { Fingerprint = SameEntry.Fingerprint(Source) } : this;
}

internal enum LayerChangeKind
{
    /// <summary>A file or symlink written (created, changed, or its mode changed).</summary>
    Write,

    /// <summary>A file or directory deleted.</summary>
    Delete,

    /// <summary>A directory created or kept; its contents are changes of their own.</summary>
    Directory,

    /// <summary>A directory deleted and made again: nothing of the old one is kept.</summary>
    ReplaceDirectory,
}
