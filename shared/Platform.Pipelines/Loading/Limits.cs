namespace Platform.Pipelines.Loading;

/// <summary>
/// Bounds on what a pipeline file may declare. They protect the loader, the engine and the
/// report from a file that is huge by mistake (or on purpose); each is far above what a
/// hand-written pipeline needs, and each breach is a validation error naming the limit.
/// </summary>
public static class Limits
{
    /// <summary>Largest pipeline file accepted, in bytes of UTF-8 (1 MiB).</summary>
    public const int MaxFileBytes = 1024 * 1024;

    /// <summary>Most steps and groups a file may declare (forEach expansions are not counted here).</summary>
    public const int MaxDeclaredNodes = 10_000;

    /// <summary>Most groups enclosing a step: deeper nesting is a sign of generated nonsense.</summary>
    public const int MaxNestingDepth = 32;

    /// <summary>Most items in a literal `forEach.items` list.</summary>
    public const int MaxLiteralForEachItems = 1_000;

    /// <summary>
    /// Deepest YAML structure (mappings and lists inside each other) read at all. YamlDotNet builds
    /// its document tree recursively, so a pathological file could otherwise exhaust the stack.
    /// </summary>
    public const int MaxYamlDepth = 200;

    /// <summary>
    /// Most YAML nodes visited with aliases expanded: anchors are handy for sharing `env`, but a
    /// chain of aliases to aliases would make reading the file exponential ("billion laughs").
    /// </summary>
    public const int MaxYamlNodes = 1_000_000;
}
