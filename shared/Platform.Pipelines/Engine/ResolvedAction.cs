namespace Platform.Pipelines.Engine;

/// <summary>A step's action with every template expanded, ready for an executor.</summary>
public abstract record ResolvedAction;

public sealed record ResolvedRun(IReadOnlyList<string> Commands) : ResolvedAction;

public sealed record ResolvedSleep(TimeSpan Duration) : ResolvedAction;

public sealed record ResolvedHttp(
    string Url,
    string Method,
    IReadOnlyDictionary<string, string> Headers,
    string? Body,
    IReadOnlyList<int> Expect) : ResolvedAction;
