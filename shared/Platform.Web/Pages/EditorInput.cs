namespace Platform.Web.Pages;

/// <summary>What the editor page sends for a preview: the text, and whether to simulate every group sequential.</summary>
internal sealed record EditorInput(string? Pipeline, bool Sequential = false);
