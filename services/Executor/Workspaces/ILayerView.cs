namespace Platform.Executor.Workspaces;

/// <summary>The directory as a group's branches found it: the run's directory seen through the layers the group itself is in.</summary>
internal interface ILayerView
{
    /// <summary>The full path of what the view shows at <paramref name="relativePath"/>, or null when nothing is there.</summary>
    string? Locate(string relativePath);

    /// <summary>The folders the view is made of, innermost first: a path the view shows lies in one of them (<see cref="ViewFiles"/>).</summary>
    IReadOnlyList<string> Folders { get; }
}
