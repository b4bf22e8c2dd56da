namespace Platform.Web.Api;

/// <summary>A valid pipeline: its id and the validator's warnings.</summary>
public sealed record ValidationAnswer(string Pipeline, IReadOnlyList<string> Warnings);
