namespace Platform.Pipelines.Model;

/// <summary>Where something was written: 1-based line and column, as editors show them.</summary>
public readonly record struct SourceLocation(string File, int Line, int Column)
{
    public static readonly SourceLocation None = new("", 0, 0);

    public override string ToString() => $"{File}:{Line}:{Column}";
}
