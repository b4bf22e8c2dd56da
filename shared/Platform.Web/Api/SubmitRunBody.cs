namespace Platform.Web.Api;

/// <summary>
/// A submission: the pipeline's YAML text (or <see cref="File"/>, a file in the server's allowed pipeline
/// folder), its inputs, and optionally the run's id (a GUID or a name: the same name is the same run).
/// </summary>
public sealed record SubmitRunBody(string? Pipeline, Dictionary<string, string>? Inputs = null, string? RunId = null, string? File = null);
