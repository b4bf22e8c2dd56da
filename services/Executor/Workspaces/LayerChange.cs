namespace Platform.Executor.Workspaces;

/// <summary>One path a branch changed, relative to the run's directory; <see cref="Source"/> is where the new content lies.</summary>
internal sealed record LayerChange(string Path, LayerChangeKind Kind, string? Source);

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
