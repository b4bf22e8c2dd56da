namespace Platform.Web.Api;

/// <summary>A chunk of a step's output.</summary>
public sealed record LogChunkBody(string Step, int Attempt, DateTimeOffset At, string Text);
