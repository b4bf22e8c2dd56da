namespace Platform.Executor.Workspaces;

/// <summary>
/// <c>Executor:Isolation</c>: how isolated branches get their layers. Unset, a standalone Executor
/// uses <see cref="Off"/> (a run's branches may run on several hosts, whose layers no one host can
/// merge, until runs have a workspace of their own there) and the embedded run <see cref="Auto"/>.
/// </summary>
public enum BranchIsolation
{
    /// <summary>Branches share the directory (as with <c>isolate: false</c>); merges find nothing to do.</summary>
    Off,

    /// <summary>overlayfs when a trial mount works on this host, else a copy.</summary>
    Auto,

    /// <summary>overlayfs in a mount namespace (Linux).</summary>
    Overlay,

    /// <summary>A full copy of the directory per branch: portable, costs a copy.</summary>
    Copy,
}
