using Platform.Pipelines.Expressions;

namespace Platform.Pipelines.Loading;

/// <summary>The names a template or `if:` reads, and how to find each one in the file.</summary>
internal sealed record TextUse(string Field, IReadOnlyList<PathReference> References, ScalarLocator Locator);
