namespace Platform.Pipelines.Expressions;

/// <summary>A path an expression reads, and its 0-based offset in the expression text.</summary>
public sealed record PathReference(IReadOnlyList<string> Segments, int Offset)
{
    public override string ToString() => string.Join('.', Segments);
}
