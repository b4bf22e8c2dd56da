namespace Platform.Web.Pages;

/// <summary>What the editor page sends for a preview: the text, and the groups toggled to run one child at a time.</summary>
internal sealed record EditorInput(string? Pipeline, IReadOnlyList<string>? SequentialGroups = null);
