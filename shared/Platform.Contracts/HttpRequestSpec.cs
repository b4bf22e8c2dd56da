namespace Platform.Contracts;

/// <summary>An `http` step's call; <see cref="Expect"/> empty means any 2xx.</summary>
public sealed record HttpRequestSpec(
    string Url,
    string Method,
    IReadOnlyDictionary<string, string> Headers,
    string? Body,
    IReadOnlyList<int> Expect);
