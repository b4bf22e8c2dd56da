namespace Platform.Executor.Workspaces;

/// <summary><c>Executor:Isolation</c>: how isolated branches get their layers.</summary>
public enum BranchIsolation
{
    /// <summary>overlayfs when a trial mount works on this host, else a copy.</summary>
    Auto,

    /// <summary>overlayfs in a mount namespace (Linux).</summary>
    Overlay,

    /// <summary>A full copy of the directory per branch: portable, costs a copy.</summary>
    Copy,
}
